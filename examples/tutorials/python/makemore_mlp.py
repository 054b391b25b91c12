# makemore, part 2: the MLP character-level language model (Bengio et al. 2003), after Andrej
# Karpathy's lecture "Building makemore Part 2: MLP" (karpathy/nn-zero-to-hero,
# lectures/makemore/makemore_part2_mlp.ipynb, MIT), its steps written out as a script.
# Adapted: no download -- the small built-in list of names of makemore_bigram.py instead of
# names.txt; the names are shuffled by torch.randperm with a torch.Generator seeded 42 (instead of
# Python's random.seed(42); random.shuffle); 200 training steps (lr 0.1, then 0.01 for the second
# half) instead of 200000, the loss printed every 20; 10 names sampled; the layers are initialized
# with the scaling of the lecture's part 3 (kaiming for tanh, small output layer) so that tanh is
# not saturated: saturated, its derivative 1 - tanh^2 turns the last-bit differences between
# implementations of tanh into visible ones within a few dozen steps.
import torch
import torch.nn.functional as F

words = '''emma olivia ava isabella sophia charlotte mia amelia harper evelyn abigail emily
elizabeth mila ella avery sofia camila aria scarlett victoria madison luna grace chloe penelope
layla riley zoey nora lily eleanor hannah lillian addison aubrey ellie stella natalie zoe leah
hazel violet aurora savannah audrey brooklyn bella claire skylar quinn xavier jack james liam
noah oliver william benjamin lucas henry alexander mason michael ethan daniel jacob logan jackson
levi sebastian mateo owen theodore aiden samuel joseph john david wyatt matthew luke asher carter
julian grayson leo jayden gabriel isaac lincoln anthony hudson dylan ezra thomas charles
christopher jaxon maverick josiah isaiah andrew elias joshua nathan caleb ryan adrian miles
eli nolan christian aaron cameron ezekiel colton luca landon hunter jonathan santiago axel
easton cooper jeremiah angel roman connor jameson robert greyson jordan ian carson jaxson
leonardo nicholas dominic austin everett brooks xander adam jose jace kevin quincy felix fiona
'''.split()
print(len(words))

# build the vocabulary of characters and mappings to/from integers
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
vocab_size = len(itos)
print(vocab_size)

# build the dataset
block_size = 3  # context length: how many characters do we take to predict the next one?


def build_dataset(words):
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]  # crop and append

    X = torch.tensor(X)
    Y = torch.tensor(Y)
    print(X.shape, Y.shape)
    return X, Y


perm = torch.randperm(len(words), generator=torch.Generator().manual_seed(42)).tolist()
words = [words[i] for i in perm]
n1 = int(0.8 * len(words))
n2 = int(0.9 * len(words))

Xtr, Ytr = build_dataset(words[:n1])      # 80%
Xdev, Ydev = build_dataset(words[n1:n2])  # 10%
Xte, Yte = build_dataset(words[n2:])      # 10%
print(Xtr[:5], Ytr[:5])

# the embedding lookup table and the layers
g = torch.Generator().manual_seed(2147483647)  # for reproducibility
C = torch.randn((vocab_size, 10), generator=g)
W1 = torch.randn((30, 200), generator=g) * ((5 / 3) / 30 ** 0.5)  # kaiming init for tanh
b1 = torch.randn(200, generator=g) * 0.01
W2 = torch.randn((200, vocab_size), generator=g) * 0.01
b2 = torch.randn(vocab_size, generator=g) * 0
parameters = [C, W1, b1, W2, b2]
print(sum(p.nelement() for p in parameters))  # number of parameters in total
for p in parameters:
    p.requires_grad = True

# indexing the table with a tensor of indices embeds every character of every context
emb = C[Xtr[:4]]
print(emb.shape)
print(emb.view(-1, 30).shape)

lossi = []
for i in range(200):

    # minibatch construct
    ix = torch.randint(0, Xtr.shape[0], (32,), generator=g)

    # forward pass
    emb = C[Xtr[ix]]  # (32, 3, 10)
    h = torch.tanh(emb.view(-1, 30) @ W1 + b1)  # (32, 200)
    logits = h @ W2 + b2  # (32, 27)
    loss = F.cross_entropy(logits, Ytr[ix])

    # backward pass
    for p in parameters:
        p.grad = None
    loss.backward()

    # update
    lr = 0.1 if i < 100 else 0.01
    for p in parameters:
        p.data += -lr * p.grad

    # track stats
    lossi.append(loss.log10().item())
    if i % 20 == 0:
        print(i, loss.item())

print(sum(lossi) / len(lossi))  # (the lecture plots lossi)

# the loss on the whole training and dev sets
emb = C[Xtr]  # (N, 3, 10)
h = torch.tanh(emb.view(-1, 30) @ W1 + b1)  # (N, 200)
logits = h @ W2 + b2  # (N, 27)
loss = F.cross_entropy(logits, Ytr)
print(loss)

emb = C[Xdev]
h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
logits = h @ W2 + b2
loss = F.cross_entropy(logits, Ydev)
print(loss)

# sample from the model
g = torch.Generator().manual_seed(2147483647 + 10)

for _ in range(10):

    out = []
    context = [0] * block_size  # initialize with all ...
    while True:
        emb = C[torch.tensor([context])]  # (1, block_size, d)
        h = torch.tanh(emb.view(1, -1) @ W1 + b1)
        logits = h @ W2 + b2
        probs = F.softmax(logits, dim=1)
        ix = torch.multinomial(probs, num_samples=1, generator=g).item()
        context = context[1:] + [ix]
        out.append(ix)
        if ix == 0:
            break

    print(''.join(itos[i] for i in out))
