# makemore, part 1: the bigram character-level language model, after Andrej Karpathy's lecture
# "The spelled-out intro to language modeling: building makemore" (karpathy/nn-zero-to-hero,
# lectures/makemore/makemore_part1_bigrams.ipynb, MIT), its steps written out as a script.
# Adapted: no download -- instead of names.txt (32033 names) a small built-in list of names
# (all 26 letters occur, so the vocabulary is 27 as in the lecture); the counting model and the
# neural-net model are trained on it, and both sample from a torch.Generator seeded 2147483647.
# The neural net is trained for 100 steps (its loss printed every 10).
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
print(len(words), min(len(w) for w in words), max(len(w) for w in words))
print(words[:10])

# The bigrams of the first three names, with a start/end token.
for w in words[:3]:
    chs = ['<S>'] + list(w) + ['<E>']
    for ch1, ch2 in zip(chs, chs[1:]):
        print(ch1, ch2)

# Counting bigrams in a Python dict, most common first.
b = {}
for w in words:
    chs = ['<S>'] + list(w) + ['<E>']
    for ch1, ch2 in zip(chs, chs[1:]):
        bigram = (ch1, ch2)
        b[bigram] = b.get(bigram, 0) + 1
print(sorted(b.items(), key=lambda kv: -kv[1])[:10])

# The same counts in a 27x27 tensor: '.' (index 0) is both the start and the end token.
chars = sorted(list(set(''.join(words))))
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}
print(len(chars), itos)

N = torch.zeros((27, 27), dtype=torch.int32)
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1
print(N[0])
print(N.sum(), N.max())

# The first character, drawn from the first row's probabilities.
p = N[0].float()
p = p / p.sum()
print(p)
g = torch.Generator().manual_seed(2147483647)
ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
print(itos[ix])

# A torch.multinomial example from the lecture.
g = torch.Generator().manual_seed(2147483647)
p = torch.rand(3, generator=g)
p = p / p.sum()
print(p)
print(torch.multinomial(p, num_samples=100, replacement=True, generator=g))

# The probability matrix, with add-one smoothing; each row sums to one (broadcasting).
P = (N + 1).float()
P /= P.sum(1, keepdims=True)
print(P[0].sum(), P.sum(1)[:5])

# Sampling names from the counting model.
g = torch.Generator().manual_seed(2147483647)
for i in range(10):
    out = []
    ix = 0
    while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))

# The quality of the model: the average negative log likelihood of the training bigrams.
log_likelihood = 0.0
n = 0
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        prob = P[ix1, ix2]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1
        if w == words[0]:
            print(f'{ch1}{ch2}: {prob:.4f} {logprob:.4f}')
print(f'{log_likelihood=}')
nll = -log_likelihood
print(f'{nll=}')
print(f'{nll/n}')

# The neural-net version: the training set of bigrams (x, y).
xs, ys = [], []
for w in words:
    chs = ['.'] + list(w) + ['.']
    for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        xs.append(ix1)
        ys.append(ix2)
xs = torch.tensor(xs)
ys = torch.tensor(ys)
num = xs.nelement()
print('number of examples: ', num)
print(xs[:5], ys[:5])

# One-hot inputs, a single linear layer of 27 neurons, softmax.
xenc = F.one_hot(xs, num_classes=27).float()
print(xenc.shape, xenc.dtype)
print(xenc[:3])

# Randomly initialize the 27 neurons' weights; each neuron receives 27 inputs.
g = torch.Generator().manual_seed(2147483647)
W = torch.randn((27, 27), generator=g, requires_grad=True)

# Gradient descent.
for k in range(100):
    # forward pass
    xenc = F.one_hot(xs, num_classes=27).float()  # input to the network: one-hot encoding
    logits = xenc @ W  # predict log-counts
    counts = logits.exp()  # counts, equivalent to N
    probs = counts / counts.sum(1, keepdims=True)  # probabilities for next character
    loss = -probs[torch.arange(num), ys].log().mean() + 0.01 * (W ** 2).mean()
    if k % 10 == 0:
        print(k, loss.item())

    # backward pass
    W.grad = None  # set to zero the gradient
    loss.backward()

    # update
    W.data += -50 * W.grad
print(loss.item())

# Sampling names from the neural net model.
g = torch.Generator().manual_seed(2147483647)
for i in range(10):
    out = []
    ix = 0
    while True:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        logits = xenc @ W  # predict log-counts
        counts = logits.exp()  # counts, equivalent to N
        p = counts / counts.sum(1, keepdims=True)  # probabilities for next character
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
            break
    print(''.join(out))
