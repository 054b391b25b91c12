# From pytorch/tutorials (BSD-3-Clause), beginner_source/basics/quickstart_tutorial.py
# ("Learn the Basics: Quickstart"). Adapted: no download -- FashionMNIST is replaced by seeded
# synthetic data of the same shapes (1x28x28 images in [0, 1), labels 0..9 that a model can learn:
# the argmax of the first 10 pixels), 1280 training and 320 test samples; 3 epochs instead of 5;
# the loss is printed every 5 batches instead of every 100; the model is saved to and loaded from
# bytes in memory instead of the file model.pth; matplotlib and torchvision imports dropped.
# Seeded with torch.manual_seed(0); prose shortened.
"""
Quickstart
===================
This section runs through the API for common tasks in machine learning.

Working with data
-----------------
PyTorch has two primitives to work with data: ``torch.utils.data.DataLoader`` and
``torch.utils.data.Dataset``. ``Dataset`` stores the samples and their corresponding labels, and
``DataLoader`` wraps an iterable around the ``Dataset``.
"""

import io
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)


def synthetic_fashion_mnist(n):
    """n images of 1x28x28 pixels in [0, 1) and their labels (FashionMNIST with ToTensor())"""
    X = torch.rand(n, 1, 28, 28)
    y = X.flatten(1)[:, :10].argmax(1)
    return TensorDataset(X, y)


# Training data (instead of the download).
training_data = synthetic_fashion_mnist(1280)

# Test data (instead of the download).
test_data = synthetic_fashion_mnist(320)

######################################################################
# We pass the ``Dataset`` as an argument to ``DataLoader``. This wraps an iterable over our
# dataset, and supports automatic batching, sampling, shuffling and multiprocess data loading.

batch_size = 64

# Create data loaders.
train_dataloader = DataLoader(training_data, batch_size=batch_size)
test_dataloader = DataLoader(test_data, batch_size=batch_size)

for X, y in test_dataloader:
    print("Shape of X [N, C, H, W]: ", X.shape)
    print("Shape of y: ", y.shape, y.dtype)
    break

################################
# Creating Models
# ------------------

# Get cpu or gpu device for training.
device = "cuda" if torch.cuda.is_available() else "cpu"
print("Using {} device".format(device))

# Define model
class NeuralNetwork(nn.Module):
    def __init__(self):
        super(NeuralNetwork, self).__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
            nn.ReLU()
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork().to(device)
print(model)


#####################################################################
# Optimizing the Model Parameters
# ----------------------------------------

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)


#######################################################################
# In a single training loop, the model makes predictions on the training dataset (fed to it in
# batches), and backpropagates the prediction error to adjust the model's parameters.

def train(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    for batch, (X, y) in enumerate(dataloader):
        X, y = X.to(device), y.to(device)

        # Compute prediction error
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 5 == 0:
            loss, current = loss.item(), batch * len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")

##############################################################################
# We also check the model's performance against the test dataset to ensure it is learning.

def test(dataloader, model, loss_fn):
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    model.eval()
    test_loss, correct = 0, 0
    with torch.no_grad():
        for X, y in dataloader:
            X, y = X.to(device), y.to(device)
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")

##############################################################################
# The training process is conducted over several iterations (*epochs*).

epochs = 3
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train(train_dataloader, model, loss_fn, optimizer)
    test(test_dataloader, model, loss_fn)
print("Done!")

######################################################################
# Saving Models
# -------------
# A common way to save a model is to serialize the internal state dictionary (containing the
# model parameters). Here to bytes in memory instead of the file "model.pth".

buffer = io.BytesIO()
torch.save(model.state_dict(), buffer)
model_pth = buffer.getvalue()
print("Saved PyTorch Model State to model_pth")


######################################################################
# Loading Models
# ----------------------------

model = NeuralNetwork()
model.load_state_dict(torch.load(io.BytesIO(model_pth)))

#############################################################
# This model can now be used to make predictions.

classes = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
]

model.eval()
x, y = test_data[0][0], test_data[0][1]
with torch.no_grad():
    pred = model(x)
    predicted, actual = classes[pred[0].argmax(0)], classes[y]
    print(f'Predicted: "{predicted}", Actual: "{actual}"')
