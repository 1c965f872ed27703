"""Loads an exported model.safetensors into a ViT written from timm's VisionTransformer layout and compares logits.

Plain PyTorch only (timm is not needed): the modules below carry exactly timm's parameter names and shapes, so
`load_state_dict(strict=True)` fails on any missing, extra or mis-shaped tensor. The safetensors file is read
by the minimal reader below (json + torch.frombuffer), not by the exporting application.

usage: timm_vit_check.py EXPORT_DIR IMAGES.f32 EXPECTED_LOGITS.f32 COUNT
  IMAGES.f32: COUNT normalised images, float32 little-endian, [COUNT, S, S, 3] (channels last, as the app holds them)
  EXPECTED_LOGITS.f32: the app's logits, float32 little-endian, [COUNT, outputs]
Prints the largest absolute difference; exits 1 when it exceeds 1e-4.
"""
import functools
import json
import struct
import sys

import torch
from torch import nn


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = raw[8 + header_len :]
    tensors = {}
    for name, spec in header.items():
        assert spec["dtype"] == "F32", spec
        begin, end = spec["data_offsets"]
        flat = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32)
        tensors[name] = flat.reshape(spec["shape"])
    return tensors, metadata


class PatchEmbed(nn.Module):
    def __init__(self, img_size, patch_size, in_chans, embed_dim):
        super().__init__()
        self.num_patches = (img_size // patch_size) ** 2
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=patch_size, stride=patch_size, bias=True)

    def forward(self, x):
        return self.proj(x).flatten(2).transpose(1, 2)  # [B, N, C], patches row-major


class Attention(nn.Module):
    def __init__(self, dim, num_heads, qkv_bias):
        super().__init__()
        self.num_heads = num_heads
        self.head_dim = dim // num_heads
        self.scale = self.head_dim ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=qkv_bias)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        B, N, C = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)
        attn = ((q * self.scale) @ k.transpose(-2, -1)).softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(B, N, C))


class Mlp(nn.Module):
    def __init__(self, dim, hidden, act_layer):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.act = act_layer()
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(self.act(self.fc1(x)))


class Block(nn.Module):
    def __init__(self, dim, num_heads, mlp_ratio, qkv_bias, act_layer, norm_layer):
        super().__init__()
        self.norm1 = norm_layer(dim)
        self.attn = Attention(dim, num_heads, qkv_bias)
        self.norm2 = norm_layer(dim)
        self.mlp = Mlp(dim, int(dim * mlp_ratio), act_layer)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class VisionTransformer(nn.Module):
    def __init__(self, img_size, patch_size, in_chans, num_classes, embed_dim, depth, num_heads, mlp_ratio,
                 qkv_bias, class_token, global_pool, fc_norm, act_layer, norm_layer):
        super().__init__()
        assert fc_norm is False
        self.global_pool = global_pool
        self.num_prefix_tokens = 1 if class_token else 0
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, embed_dim)) if class_token else None
        self.pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches + self.num_prefix_tokens, embed_dim))
        self.blocks = nn.Sequential(*[Block(embed_dim, num_heads, mlp_ratio, qkv_bias, act_layer, norm_layer) for _ in range(depth)])
        self.norm = norm_layer(embed_dim)
        self.fc_norm = nn.Identity()
        self.head = nn.Linear(embed_dim, num_classes)

    def forward(self, x):
        x = self.patch_embed(x)
        if self.cls_token is not None:
            x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1)
        x = self.blocks(x + self.pos_embed)
        x = self.norm(x)
        x = x[:, 0] if self.global_pool == "token" else x[:, self.num_prefix_tokens :].mean(dim=1)
        return self.head(self.fc_norm(x))


def build(kwargs):
    """timm_kwargs from config.json, with the two callables it names spelled as strings."""
    kwargs = dict(kwargs)
    kwargs["act_layer"] = {"torch.nn.GELU": nn.GELU, "torch.nn.ReLU": nn.ReLU}[kwargs["act_layer"]]
    eps = float(kwargs["norm_layer"].split("eps=")[1].rstrip(")"))
    kwargs["norm_layer"] = functools.partial(nn.LayerNorm, eps=eps)
    return VisionTransformer(**kwargs)


def main():
    export_dir, images_path, logits_path, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with open(f"{export_dir}/config.json", encoding="utf-8") as f:
        config = json.load(f)
    model = build(config["timm_kwargs"])
    state, metadata = read_safetensors(f"{export_dir}/model.safetensors")
    assert metadata.get("format") == "pt", metadata
    model.load_state_dict(state, strict=True)
    model.eval()
    size = config["image_size"]
    with open(images_path, "rb") as f:
        images = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(count, size, size, 3)
    with open(logits_path, "rb") as f:
        expected = torch.frombuffer(bytearray(f.read()), dtype=torch.float32).reshape(count, -1)
    with torch.no_grad():
        logits = model(images.permute(0, 3, 1, 2).contiguous())  # NHWC -> NCHW, as PyTorch takes images
    diff = (logits - expected).abs().max().item()
    print(json.dumps({"max_abs_diff": diff, "shape": list(logits.shape), "tensors": len(state)}))
    sys.exit(0 if diff <= 1e-4 else 1)


if __name__ == "__main__":
    main()
