# From pytorch/tutorials (BSD-3-Clause), beginner_source/introyt/trainingyt.py ("Introduction to
# PyTorch on YouTube: Training with PyTorch"). Adapted: no download -- FashionMNIST is replaced by
# seeded synthetic data of the same shapes, already normalized to [-1, 1] (1x28x28 images: a
# random template per class plus Gaussian noise of std 0.5, clamped; random labels), 240
# training and 40 validation images, 2 epochs instead of 5 (120 SGD steps: after a few hundred
# float32 steps with momentum, two implementations' weights drift apart in the 5th digit); the
# loss is reported every 20 batches instead of every 1000; num_workers=0; no TensorBoard
# (SummaryWriter lines dropped) and no matplotlib; the best model is saved to bytes in memory
# instead of a file named by a timestamp; dataiter.next() is next(dataiter). Seeded with
# torch.manual_seed(0); prose shortened.
"""
Training with PyTorch
=====================

Dataset and DataLoader
----------------------
"""

import io
import torch
torch.manual_seed(0)

templates = torch.rand(10, 1, 28, 28) * 2 - 1  # one noisy template per class


def synthetic_fashion_mnist(n):
    labels = torch.randint(0, 10, (n,))
    images = (templates[labels] + 0.5 * torch.randn(n, 1, 28, 28)).clamp(-1, 1)
    return torch.utils.data.TensorDataset(images, labels)


# Create datasets for training & validation
training_set = synthetic_fashion_mnist(240)
validation_set = synthetic_fashion_mnist(40)

# Create data loaders for our datasets; shuffle for training, not for validation
training_loader = torch.utils.data.DataLoader(training_set, batch_size=4, shuffle=True, num_workers=0)
validation_loader = torch.utils.data.DataLoader(validation_set, batch_size=4, shuffle=False, num_workers=0)

# Class labels
classes = ('T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
        'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle Boot')

# Report split sizes
print('Training set has {} instances'.format(len(training_set)))
print('Validation set has {} instances'.format(len(validation_set)))


######################################################################
# As always, let's visualize the data as a sanity check (here: the labels):

dataiter = iter(training_loader)
images, labels = next(dataiter)

print('  '.join(classes[labels[j]] for j in range(4)))


#########################################################################
# The Model
# ---------

import torch.nn as nn
import torch.nn.functional as F

# PyTorch models inherit from torch.nn.Module
class GarmentClassifier(nn.Module):
    def __init__(self):
        super(GarmentClassifier, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.view(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


model = GarmentClassifier()


##########################################################################
# Loss Function
# -------------

loss_fn = torch.nn.CrossEntropyLoss()

# NB: Loss functions expect data in batches, so we're creating batches of 4
# Represents the model's confidence in each of the 10 classes for a given input
dummy_outputs = torch.rand(4, 10)
# Represents the correct class among the 10 being tested
dummy_labels = torch.tensor([1, 5, 3, 7])

print(dummy_outputs)
print(dummy_labels)

loss = loss_fn(dummy_outputs, dummy_labels)
print('Total loss for this batch: {}'.format(loss.item()))


#################################################################################
# Optimizer
# ---------

# Optimizers specified in the torch.optim package
optimizer = torch.optim.SGD(model.parameters(), lr=0.001, momentum=0.9)


#######################################################################################
# The Training Loop
# -----------------

def train_one_epoch(epoch_index):
    running_loss = 0.
    last_loss = 0.

    # Here, we use enumerate(training_loader) instead of
    # iter(training_loader) so that we can track the batch
    # index and do some intra-epoch reporting
    for i, data in enumerate(training_loader):
        # Every data instance is an input + label pair
        inputs, labels = data

        # Zero your gradients for every batch!
        optimizer.zero_grad()

        # Make predictions for this batch
        outputs = model(inputs)

        # Compute the loss and its gradients
        loss = loss_fn(outputs, labels)
        loss.backward()

        # Adjust learning weights
        optimizer.step()

        # Gather data and report
        running_loss += loss.item()
        if i % 20 == 19:
            last_loss = running_loss / 20 # loss per batch
            print('  batch {} loss: {}'.format(i + 1, last_loss))
            running_loss = 0.

    return last_loss


##################################################################################
# Per-Epoch Activity
# ~~~~~~~~~~~~~~~~~~

epoch_number = 0

EPOCHS = 2

best_vloss = 1_000_000.

for epoch in range(EPOCHS):
    print('EPOCH {}:'.format(epoch_number + 1))

    # Make sure gradient tracking is on, and do a pass over the data
    model.train(True)
    avg_loss = train_one_epoch(epoch_number)

    # We don't need gradients on to do reporting
    model.train(False)

    running_vloss = 0.0
    for i, vdata in enumerate(validation_loader):
        vinputs, vlabels = vdata
        voutputs = model(vinputs)
        vloss = loss_fn(voutputs, vlabels)
        running_vloss += vloss

    avg_vloss = running_vloss / (i + 1)
    print('LOSS train {} valid {}'.format(avg_loss, avg_vloss))

    # Track best performance, and save the model's state
    if avg_vloss < best_vloss:
        best_vloss = avg_vloss
        buffer = io.BytesIO()
        torch.save(model.state_dict(), buffer)
        model_bytes = buffer.getvalue()
        print('saved the model of epoch', epoch_number)

    epoch_number += 1


#########################################################################
# To load a saved version of the model:

saved_model = GarmentClassifier()
saved_model.load_state_dict(torch.load(io.BytesIO(model_bytes)))
print(torch.equal(saved_model.fc3.weight, model.fc3.weight))
