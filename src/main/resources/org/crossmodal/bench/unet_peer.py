# PyTorch peer of CrossModal's DJL U-Net for `bin/crossmodal bench train`: the same layers, shapes,
# loss (cross-entropy + soft Dice), optimiser (Adam), batch and thread count, run as a PyTorch user
# runs it (fp32, default layout, no oneDNN ISA cap). Prints one JSON line, with the ISA oneDNN
# reported and the convolution kernel it chose.
import json, os, sys, tempfile, time
import torch
import torch.nn as nn
import torch.nn.functional as F

depth, base, classes, size, batch, threads, steps = (int(a) for a in sys.argv[1:8])
warmup = int(sys.argv[8])  # untimed passes of each phase before it is timed, as on the DJL side
profile = len(sys.argv) > 9 and sys.argv[9] == "profile"  # then also self time per operator, ms per pass over 3 passes
torch.set_num_threads(threads)
torch.manual_seed(1)

def double_conv(cin, c):
    return nn.Sequential(nn.Conv2d(cin, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU(),
                         nn.Conv2d(c, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU())

class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        ch = [base << i for i in range(depth + 1)]
        self.down = nn.ModuleList([double_conv(1 if i == 0 else ch[i - 1], ch[i]) for i in range(depth)])
        self.bottleneck = double_conv(ch[depth - 1], ch[depth])
        self.up = nn.ModuleList([nn.Sequential(nn.Conv2d(ch[i + 1], ch[i], 3, padding=1), nn.BatchNorm2d(ch[i]), nn.ReLU())
                                 for i in range(depth)])
        self.merge = nn.ModuleList([double_conv(2 * ch[i], ch[i]) for i in range(depth)])
        self.head = nn.Conv2d(ch[0], classes, 1)
        self.drop = nn.Dropout(0.1)

    def forward(self, x):
        skips = []
        for d in self.down:
            x = d(x); skips.append(x); x = F.max_pool2d(x, 2)
        y = self.drop(self.bottleneck(x))
        for i in reversed(range(depth)):
            y = self.up[i](F.interpolate(y, scale_factor=2, mode='nearest'))
            y = self.merge[i](torch.cat([skips[i], y], 1))
        return self.head(self.drop(y))

def loss_fn(logits, target):
    ce = F.cross_entropy(logits, target)
    p = logits.softmax(1); t = F.one_hot(target, classes).permute(0, 3, 1, 2).float()
    inter = (p * t).sum((0, 2, 3)); den = (p + t).sum((0, 2, 3))
    return ce + 1 - ((2 * inter + 1) / (den + 1))[1:].mean()

def onednn_isa():
    """oneDNN's own report of its ISA and forward convolution kernel, from one verbose convolution."""
    fd, path = tempfile.mkstemp()
    saved = os.dup(1)
    sys.stdout.flush(); os.dup2(fd, 1)
    try:
        with torch.backends.mkldnn.verbose(torch.backends.mkldnn.VERBOSE_ON):
            F.conv2d(torch.randn(batch, base, size, size), torch.randn(base, base, 3, 3), padding=1)
    finally:
        sys.stdout.flush(); os.dup2(saved, 1); os.close(saved); os.close(fd)
    isa, kernel = "unknown", "unknown"
    with open(path) as f:
        for line in f:
            fields = line.strip().split(",")
            if ",isa:" in line: isa = line.split(",isa:", 1)[1].strip()
            if "convolution" in fields and "exec" in fields:
                kernel = fields[fields.index("convolution") + 1]
    os.unlink(path)
    return isa, kernel

isa, kernel = onednn_isa()
net = UNet()
opt = torch.optim.Adam(net.parameters(), lr=1e-3)
x = torch.randn(batch, 1, size, size)
y = torch.randint(0, classes, (batch, size, size))

def train_step():
    opt.zero_grad(); l = loss_fn(net(x), y); l.backward(); opt.step()

def warm_up(work):
    for _ in range(warmup): work()

net.train()
warm_up(train_step)
t0 = time.perf_counter()
for _ in range(steps): train_step()
train = steps * batch / (time.perf_counter() - t0)
net.eval()
with torch.no_grad():
    warm_up(lambda: net(x))
    t0 = time.perf_counter()
    for _ in range(steps): net(x)
    infer = steps * batch / (time.perf_counter() - t0)
def self_times(work, passes=3):
    with torch.autograd.profiler.profile() as prof:
        for _ in range(passes): work()
    return {e.key: e.self_cpu_time_total / 1000.0 / passes for e in prof.key_averages()}

extra = {}
if profile:
    net.train()
    extra["profileTrain"] = self_times(train_step)
    net.eval()
    with torch.no_grad():
        extra["profileInfer"] = self_times(lambda: net(x))
print(json.dumps({"torch": torch.__version__, "trainImagesPerSecond": train, "inferImagesPerSecond": infer, **extra,
                  "onednnIsa": isa, "convolutionKernel": kernel, "precision": "fp32",
                  "isaCap": os.environ.get("ONEDNN_MAX_CPU_ISA", "none")}))
