"""PyTorch's side of the demo: the same LeNet, batch size, optimizer and data, timed per epoch.

Usage: /usr/bin/python3 scripts/bench/pytorch_lenet.py [epochs] [threads]
Reads the full Fashion-MNIST from /usr/share/datasets/fashion-mnist (apt-get install -y dataset-fashion-mnist).
"""
import gzip
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DIR = "/usr/share/datasets/fashion-mnist/"
MEAN, STD = 0.2860, 0.3530


def idx(name, offset):
    with gzip.open(DIR + name) as f:
        return torch.frombuffer(bytearray(f.read()[offset:]), dtype=torch.uint8)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 16 * 4 * 4)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    torch.manual_seed(0)
    xtr = (idx("train-images-idx3-ubyte.gz", 16).view(-1, 1, 28, 28).float() / 255 - MEAN) / STD
    ytr = idx("train-labels-idx1-ubyte.gz", 8).long()
    xte = (idx("t10k-images-idx3-ubyte.gz", 16).view(-1, 1, 28, 28).float() / 255 - MEAN) / STD
    yte = idx("t10k-labels-idx1-ubyte.gz", 8).long()
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xtr, ytr), batch_size=64, shuffle=True)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    crit = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        t = time.perf_counter()
        for x, y in loader:
            opt.zero_grad()
            loss = crit(net(x), y)
            loss.backward()
            opt.step()
        dt = time.perf_counter() - t
        with torch.no_grad():
            acc = (net(xte).argmax(1) == yte).float().mean().item()
        print("epoch %d: %.2f s, %.0f samples/s, test accuracy %.2f%%" % (epoch + 1, dt, len(xtr) / dt, 100 * acc))


if __name__ == "__main__":
    main()
