# From pytorch/tutorials (BSD-3-Clause), beginner_source/basics/optimization_tutorial.py
# ("Learn the Basics: Optimizing Model Parameters"). Adapted: no download -- FashionMNIST is
# replaced by seeded synthetic data of the same shapes (1x28x28 images in [0, 1), labels 0..9 that
# a model can learn: the argmax of the first 10 pixels), 1280 training and 320 test samples; the
# training DataLoader shuffles; 3 epochs instead of 10; the loss is printed every 5 batches
# instead of every 100. Seeded with torch.manual_seed(0); prose shortened.
"""
Optimizing Model Parameters
===========================

Now that we have a model and data it's time to train, validate and test our model by optimizing its
parameters on our data.

Prerequisite Code
-----------------
We load the code from the previous sections on Datasets & DataLoaders and Build Model.
"""

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
torch.manual_seed(0)


def synthetic_fashion_mnist(n):
    """n images of 1x28x28 pixels in [0, 1) and their labels (FashionMNIST with ToTensor())"""
    X = torch.rand(n, 1, 28, 28)
    y = X.flatten(1)[:, :10].argmax(1)
    return TensorDataset(X, y)


training_data = synthetic_fashion_mnist(1280)

test_data = synthetic_fashion_mnist(320)

train_dataloader = DataLoader(training_data, batch_size=64, shuffle=True)
test_dataloader = DataLoader(test_data, batch_size=64)

class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28*28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits

model = NeuralNetwork()


##############################################
# Hyperparameters
# -----------------

learning_rate = 1e-3
batch_size = 64
epochs = 5


#####################################
# Loss Function
# ~~~~~~~~~~~~~~~~~

# Initialize the loss function
loss_fn = nn.CrossEntropyLoss()


#####################################
# Optimizer
# ~~~~~~~~~~~~~~~~~

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


########################################
# Full Implementation
# -----------------------
# We define ``train_loop`` that loops over our optimization code, and ``test_loop`` that
# evaluates the model's performance against our test data.

def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    # Set the model to training mode - important for batch normalization and dropout layers
    # Unnecessary in this situation but added for best practices
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        # Compute prediction and loss
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

        if batch % 5 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    # Set the model to evaluation mode - important for batch normalization and dropout layers
    # Unnecessary in this situation but added for best practices
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0

    # Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
    # also serves to reduce unnecessary gradient computations and memory usage for tensors with requires_grad=True
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100*correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


########################################
# We initialize the loss function and optimizer, and pass it to ``train_loop`` and ``test_loop``.

loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

epochs = 3
for t in range(epochs):
    print(f"Epoch {t+1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")
