# Reference throughput of the "probe" ViT in PyTorch on a CUDA GPU (the GPU host has PyTorch).
# Same architecture as the probe model the app trains with tfjs (electron/engine/training/model/model-presets.ts):
# patch 8, pre-norm blocks, mean-pool, CatLIP = linear head over V=1000 classes + BCE; CLIP = + causal text transformer (8000 tokens, 32 long)
# + InfoNCE both ways. Env: B, IMG, DIM, LAYERS. Usage on the GPU host: python3 reference_vit.py
import os, time, math, torch, torch.nn as nn, torch.nn.functional as F
B=int(os.environ.get('B',64)); IMG=int(os.environ.get('IMG',64)); D=int(os.environ.get('DIM',256)); L=int(os.environ.get('LAYERS',4))
P=8; H=4; V=1000; TV=8000; TL=32; T=(IMG//P)**2
dev='cuda'
class Block(nn.Module):
    def __init__(s,d,causal=False):
        super().__init__(); s.ln1=nn.LayerNorm(d); s.qkv=nn.Linear(d,3*d,bias=False); s.proj=nn.Linear(d,d,bias=False); s.ln2=nn.LayerNorm(d); s.fc1=nn.Linear(d,4*d,bias=False); s.fc2=nn.Linear(4*d,d,bias=False); s.causal=causal
    def forward(s,x):
        b,t,d=x.shape; q,k,v=s.qkv(s.ln1(x)).view(b,t,3,H,d//H).permute(2,0,3,1,4)
        y=F.scaled_dot_product_attention(q,k,v,is_causal=s.causal).transpose(1,2).reshape(b,t,d)
        x=x+s.proj(y); return x+s.fc2(F.relu(s.fc1(s.ln2(x))))
class ImgEnc(nn.Module):
    def __init__(s):
        super().__init__(); s.patch=nn.Linear(P*P*3,D,bias=False); s.pos=nn.Parameter(torch.randn(T,D)*.02); s.blocks=nn.Sequential(*[Block(D) for _ in range(L)]); s.ln=nn.LayerNorm(D)
    def forward(s,x):
        b=x.shape[0]; x=x.view(b,IMG//P,P,IMG//P,P,3).permute(0,1,3,2,4,5).reshape(b,T,P*P*3)
        return s.ln(s.blocks(s.patch(x)+s.pos).mean(1))
class TxtEnc(nn.Module):
    def __init__(s):
        super().__init__(); s.emb=nn.Embedding(TV,D); s.pos=nn.Parameter(torch.randn(TL,D)*.02); s.blocks=nn.Sequential(*[Block(D,True) for _ in range(L)]); s.ln=nn.LayerNorm(D)
    def forward(s,t): return s.ln(s.blocks(s.emb(t)+s.pos).mean(1))
img=ImgEnc().to(dev); head=nn.Linear(D,V,bias=False).to(dev); txt=TxtEnc().to(dev); ip=nn.Linear(D,D,bias=False).to(dev); tp=nn.Linear(D,D,bias=False).to(dev); ls=nn.Parameter(torch.tensor(math.log(1/0.07),device=dev))
x=torch.rand(B,IMG,IMG,3,device=dev); y=(torch.rand(B,V,device=dev)<0.005).float(); tok=torch.randint(0,TV,(B,TL),device=dev)
def cat(): return F.binary_cross_entropy_with_logits(head(img(x)),y)
def clip():
    ie=F.normalize(ip(img(x)),dim=-1); te=F.normalize(tp(txt(tok)),dim=-1); lg=ie@te.t()*ls.exp(); l=torch.arange(B,device=dev)
    return (F.cross_entropy(lg,l)+F.cross_entropy(lg.t(),l))/2
def bench(name,fn,params,amp):
    opt=torch.optim.Adam(params,1e-4)
    def step():
        with torch.autocast('cuda',dtype=torch.bfloat16,enabled=amp):
            l=fn()
        opt.zero_grad(set_to_none=True); l.backward(); opt.step(); return l
    for _ in range(5): step()
    torch.cuda.synchronize(); n=30; t0=time.perf_counter()
    for _ in range(n): l=step()
    torch.cuda.synchronize(); ms=(time.perf_counter()-t0)/n*1000
    print(f"torch {'bf16' if amp else 'fp32'} {name}: {ms:.2f} ms/step, {B/ms*1000:.0f} img/s"); return ms
print(f"config B={B} IMG={IMG} D={D} L={L}", torch.cuda.get_device_name())
torch.backends.cuda.matmul.allow_tf32=False; torch.backends.cudnn.allow_tf32=False
for amp in (False,True):
    c=bench('catlip',cat,list(img.parameters())+list(head.parameters()),amp)
    k=bench('clip  ',clip,list(img.parameters())+list(txt.parameters())+list(ip.parameters())+list(tp.parameters())+[ls],amp)
    print(f"clip/catlip ratio {k/c:.2f}")
