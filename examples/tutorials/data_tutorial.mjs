// Port of pytorch/tutorials beginner_source/basics/data_tutorial.py ("Learn the Basics: Datasets &
// DataLoaders"; python/ beside this file), line by line. As in the adapted Python: a Dataset
// subclass over seeded synthetic FashionMNIST-shaped data, the custom dataset's files and CSV in
// memory, the figure's titles printed. A Dataset subclass defines `get length()` and `getitem(i)`
// (Python's __len__ and __getitem__); dataset[i] is dataset.getitem(i); next(iter(loader)) is
// loader[Symbol.iterator]().next().value; int(t) is t.item(); round(v, 4) is rounding to 4
// decimals.
import * as torch from '../../dist/index.js';
import { print } from './py.mjs';
const { Dataset } = torch.utils.data;
torch.manual_seed(0);


/** n images of 1x28x28 pixels and labels 0..9, as torchvision's FashionMNIST returns them */
class SyntheticFashionMNIST extends Dataset {
  constructor(n, transform = null) {
    super();
    this.data = torch.randint(0, 256, [n, 28, 28], { dtype: torch.uint8 });
    this.targets = torch.randint(0, 10, [n]);
    this.transform = transform;
  }

  get length() {
    return this.data.shape[0];
  }

  getitem(idx) {
    let [img, target] = [this.data.index(idx).unsqueeze(0), this.targets.index(idx).item()];
    if (this.transform) {
      img = this.transform(img);
    }
    return [img, target];
  }
}


/** torchvision's ToTensor on a uint8 image: float32 in [0, 1] */
function ToTensor() {
  return (img) => img.float().div(255);
}


const training_data = new SyntheticFashionMNIST(600, ToTensor());

const test_data = new SyntheticFashionMNIST(100, ToTensor());


// Iterating and Visualizing the Dataset
//
// We can index `Datasets` manually like a list: `training_data.getitem(index)`.

const labels_map = {
  0: 'T-Shirt',
  1: 'Trouser',
  2: 'Pullover',
  3: 'Dress',
  4: 'Coat',
  5: 'Sandal',
  6: 'Shirt',
  7: 'Sneaker',
  8: 'Bag',
  9: 'Ankle Boot',
};
const [cols, rows] = [3, 3];
for (let i = 1; i < cols * rows + 1; i++) {
  const sample_idx = torch.randint(training_data.length, { size: [1] }).item();
  const [img, label] = training_data.getitem(sample_idx);
  print(i, sample_idx, labels_map[label], `(${img.squeeze().shape.join(', ')})`, Math.round(img.mean().item() * 1e4) / 1e4);
}


// Creating a Custom Dataset for your files
//
// A custom Dataset class must implement three functions: constructor, `length`, and `getitem`.

const files = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`img${i}.png`, torch.randint(0, 256, [1, 28, 28], { dtype: torch.uint8 })]));
const annotations = Array.from({ length: 200 }, (_, i) => [`img${i}.png`, torch.randint(0, 10, []).item()]);


function read_image(path) {
  return files[path];
}


class CustomImageDataset extends Dataset {
  constructor(annotations_file, img_dir, transform = null, target_transform = null) {
    super();
    this.img_labels = annotations_file;
    this.img_dir = img_dir;
    this.transform = transform;
    this.target_transform = target_transform;
  }

  get length() {
    return this.img_labels.length;
  }

  getitem(idx) {
    const img_path = this.img_dir + this.img_labels[idx][0];
    let image = read_image(img_path);
    let label = this.img_labels[idx][1];
    if (this.transform) {
      image = this.transform(image);
    }
    if (this.target_transform) {
      label = this.target_transform(label);
    }
    return [image, label];
  }
}


const custom_data = new CustomImageDataset(annotations, '', ToTensor(),
  (y) => torch.zeros(10, { dtype: torch.float }).scatter_(0, torch.tensor(y, { dtype: torch.long }), { value: 1 }));
const [image, label] = custom_data.getitem(3);
print(custom_data.length, image.shape, image.dtype, label);


// Preparing your data for training with DataLoaders

const { DataLoader } = torch.utils.data;

const train_dataloader = DataLoader(training_data, { batch_size: 64, shuffle: true });
const test_dataloader = DataLoader(test_data, { batch_size: 64, shuffle: true });

// Iterate through the DataLoader

// Display image and label.
const [train_features, train_labels] = train_dataloader[Symbol.iterator]().next().value;
print(`Feature batch shape: ${train_features.size()}`);
print(`Labels batch shape: ${train_labels.size()}`);
const img = train_features.index(0).squeeze();
const label0 = train_labels.index(0);
print(img.shape, img.sum());
print(`Label: ${label0.item()}`);
print(train_labels);

// All the batches of one epoch, and the custom dataset's.
const sizes = [];
for (const [, y] of test_dataloader) sizes.push(y.shape[0]);
print(`[${sizes.join(', ')}]`);
const custom_dataloader = DataLoader(custom_data, { batch_size: 64, shuffle: true });
for (const [x, y] of custom_dataloader) {
  print(x.shape, y.shape, y.argmax(1).index(':8'), x.sum());
}
