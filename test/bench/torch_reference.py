# PyTorch CPU reference for `npm run bench:train`: the same model, batch and objective as the tfjs trainer
# (ViT with linear patch embedding, pre-norm blocks, CLS or mean pool; CatLIP = linear head + sigmoid BCE
# summed over classes, batch mean; CLIP = + causal text transformer pooled at the last token, projections
# without bias, learned temperature, symmetric InfoNCE), AdamW with weight decay and global-norm clipping
# as the trainer's recipe. Random inputs: this times the model, not a data pipeline.
# Reads one JSON object on argv[1]; prints one JSON line per objective. Installs nothing (Debian:
# python3-torch, libopenblas0-pthread).
import json, math, os, sys, time
import torch, torch.nn as nn, torch.nn.functional as F

cfg = json.loads(sys.argv[1])
enc, txt = cfg['encoder'], cfg['text']
B, steps, warmup = cfg['batch'], cfg['steps'], cfg['warmup']
torch.set_num_threads(cfg.get('threads') or os.cpu_count())
torch.manual_seed(0)


def act(name):
    return nn.ReLU() if name == 'relu' else nn.GELU()


class Block(nn.Module):
    def __init__(self, d, heads, ratio, activation, causal):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.out = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.mlp = nn.Sequential(nn.Linear(d, int(round(d * ratio))), act(activation), nn.Linear(int(round(d * ratio)), d))
        self.heads, self.causal = heads, causal

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, n, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(d // self.heads)
        if self.causal:
            scores = scores + torch.full((n, n), -1e9).triu(1)
        y = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, n, d)
        x = x + self.out(y)
        return x + self.mlp(self.ln2(x))


class Vit(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c, p = c, c['patchSize']
        self.grid = c['imageSize'] // p
        tokens = self.grid ** 2 + (1 if c['pool'] == 'cls' else 0)
        self.patch = nn.Linear(p * p * 3, c['width'])
        self.cls = nn.Parameter(torch.randn(c['width']) * 0.02) if c['pool'] == 'cls' else None
        self.pos = nn.Parameter(torch.randn(tokens, c['width']) * 0.02)
        self.blocks = nn.Sequential(*[Block(c['width'], c['heads'], c['mlpRatio'], c.get('activation', 'gelu'), False) for _ in range(c['depth'])])
        self.ln = nn.LayerNorm(c['width'])

    def forward(self, x):
        b, p, g = x.shape[0], self.c['patchSize'], self.grid
        x = self.patch(x.view(b, g, p, g, p, 3).permute(0, 1, 3, 2, 4, 5).reshape(b, g * g, p * p * 3))
        if self.cls is not None:
            x = torch.cat([self.cls.expand(b, 1, -1), x], 1)
        x = self.ln(self.blocks(x + self.pos))
        return x[:, 0] if self.cls is not None else x.mean(1)


class TextTower(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.emb = nn.Embedding(c['vocabSize'], c['width'])
        self.pos = nn.Parameter(torch.randn(c['contextLength'], c['width']) * 0.01)
        self.blocks = nn.Sequential(*[Block(c['width'], c['heads'], c['mlpRatio'], c.get('activation', 'gelu'), True) for _ in range(c['depth'])])
        self.ln = nn.LayerNorm(c['width'])
        self.proj = nn.Linear(c['width'], c['embedDim'], bias=False)

    def forward(self, tokens, last):
        x = self.ln(self.blocks(self.emb(tokens) + self.pos))
        return self.proj(x[torch.arange(tokens.shape[0]), last])


images = torch.rand(B, enc['imageSize'], enc['imageSize'], 3)
vit = Vit(enc)
results = {}
for objective in ('catlip', 'clip'):
    if objective == 'catlip':
        head = nn.Linear(enc['width'], cfg['numClasses'])
        targets = (torch.rand(B, cfg['numClasses']) < 3 / cfg['numClasses']).float()
        params = list(vit.parameters()) + list(head.parameters())
        loss_fn = lambda: F.binary_cross_entropy_with_logits(head(vit(images)), targets, reduction='sum') / B
    else:
        tower, image_proj = TextTower(txt), nn.Linear(enc['width'], txt['embedDim'], bias=False)
        logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))
        tokens = torch.randint(0, txt['vocabSize'], (B, txt['contextLength']))
        last = torch.randint(txt['contextLength'] // 2, txt['contextLength'], (B,))
        params = list(vit.parameters()) + list(tower.parameters()) + list(image_proj.parameters()) + [logit_scale]
        labels = torch.arange(B)

        def loss_fn():
            i = F.normalize(image_proj(vit(images)), dim=-1)
            t = F.normalize(tower(tokens, last), dim=-1)
            logits = i @ t.t() * logit_scale.exp()
            return (F.cross_entropy(logits, labels) + F.cross_entropy(logits.t(), labels)) / 2
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=cfg.get('weightDecay', 0.2))
    times = []
    for step in range(warmup + steps):
        t0 = time.perf_counter()
        loss = loss_fn()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, cfg.get('clipNorm', 1.0))
        opt.step()
        if step >= warmup:
            times.append((time.perf_counter() - t0) * 1000)
    ms = sorted(times)[len(times) // 2]
    results[objective] = ms
    print(json.dumps({'objective': objective, 'step_ms': ms, 'img_per_s': B * 1000 / ms, 'best_step_ms': min(times), 'threads': torch.get_num_threads(),
                      'num_classes': cfg['numClasses'], 'vocab': txt['vocabSize'], 'torch': torch.__version__}), flush=True)
