# From pytorch/tutorials (BSD-3-Clause), beginner_source/basics/data_tutorial.py ("Learn the
# Basics: Datasets & DataLoaders"). Adapted: no download and no files -- FashionMNIST is replaced
# by a Dataset subclass over seeded synthetic data of the same shapes (torchvision's datasets
# return (image, int label) and apply `transform`); the CustomImageDataset reads its "files" from
# an in-memory dict of uint8 images and its "CSV" from a list of (file name, label) rows instead of
# read_image and pandas; the matplotlib figure prints its titles instead of plotting; the custom
# dataset is also loaded with a DataLoader, with the Transforms tutorial's one-hot
# target_transform. Seeded with torch.manual_seed(0); prose shortened.
"""
Datasets & DataLoaders
===================

"""

import torch
from torch.utils.data import Dataset
torch.manual_seed(0)


class SyntheticFashionMNIST(Dataset):
    """n images of 1x28x28 pixels and labels 0..9, as torchvision's FashionMNIST returns them"""
    def __init__(self, n, transform=None):
        self.data = torch.randint(0, 256, (n, 28, 28), dtype=torch.uint8)
        self.targets = torch.randint(0, 10, (n,))
        self.transform = transform

    def __len__(self):
        return len(self.data)

    def __getitem__(self, idx):
        img, target = self.data[idx].unsqueeze(0), int(self.targets[idx])
        if self.transform:
            img = self.transform(img)
        return img, target


def ToTensor():
    """torchvision's ToTensor on a uint8 image: float32 in [0, 1]"""
    return lambda img: img.float() / 255


training_data = SyntheticFashionMNIST(600, transform=ToTensor())

test_data = SyntheticFashionMNIST(100, transform=ToTensor())


#################################################################
# Iterating and Visualizing the Dataset
# -----------------
#
# We can index ``Datasets`` manually like a list: ``training_data[index]``.

labels_map = {
    0: "T-Shirt",
    1: "Trouser",
    2: "Pullover",
    3: "Dress",
    4: "Coat",
    5: "Sandal",
    6: "Shirt",
    7: "Sneaker",
    8: "Bag",
    9: "Ankle Boot",
}
cols, rows = 3, 3
for i in range(1, cols * rows + 1):
    sample_idx = torch.randint(len(training_data), size=(1,)).item()
    img, label = training_data[sample_idx]
    print(i, sample_idx, labels_map[label], tuple(img.squeeze().shape), round(img.mean().item(), 4))


#################################################################
# Creating a Custom Dataset for your files
# ---------------------------------------------------
#
# A custom Dataset class must implement three functions: `__init__`, `__len__`, and `__getitem__`.

files = {f"img{i}.png": torch.randint(0, 256, (1, 28, 28), dtype=torch.uint8) for i in range(200)}
annotations = [(f"img{i}.png", int(torch.randint(0, 10, ()))) for i in range(200)]


def read_image(path):
    return files[path]


class CustomImageDataset(Dataset):
    def __init__(self, annotations_file, img_dir, transform=None, target_transform=None):
        self.img_labels = annotations_file
        self.img_dir = img_dir
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return len(self.img_labels)

    def __getitem__(self, idx):
        img_path = self.img_dir + self.img_labels[idx][0]
        image = read_image(img_path)
        label = self.img_labels[idx][1]
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


custom_data = CustomImageDataset(annotations, "", transform=ToTensor(),
                                 target_transform=lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1))
image, label = custom_data[3]
print(len(custom_data), image.shape, image.dtype, label)


#################################################################
# Preparing your data for training with DataLoaders
# -------------------------------------------------

from torch.utils.data import DataLoader

train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64, shuffle=True)

###########################
# Iterate through the DataLoader
# --------------------------

# Display image and label.
train_features, train_labels = next(iter(train_dataloader))
print(f"Feature batch shape: {train_features.size()}")
print(f"Labels batch shape: {train_labels.size()}")
img = train_features[0].squeeze()
label = train_labels[0]
print(img.shape, img.sum())
print(f"Label: {label}")
print(train_labels)

# All the batches of one epoch, and the custom dataset's.
print([len(y) for x, y in test_dataloader])
custom_dataloader = DataLoader(custom_data, batch_size=64, shuffle=True)
for x, y in custom_dataloader:
    print(x.shape, y.shape, y.argmax(1)[:8], x.sum())
