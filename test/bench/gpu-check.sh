#!/usr/bin/env bash
# Everything the GPU step-time target needs measured on the GPU host, in one device call (~7 of the 10 minutes a call
# may take): fused-kernel correctness on the real GPU, the matmul shapes of a probe step, bench:train
# probe (CatLIP and CLIP) with the tfjs ops and the fused kernels, the per-phase/per-program profile,
# and the PyTorch reference.
#
# On the CPU machine, in the project root (after npm ci):
#   npm run pack:gpu-check      (.gpu/: node, Vulkan loaders, the benches bundled, native packages, a data
#                                home with the demo imported; it prints what the call will carry, < 64 MiB)
# Then one device call (the run tool), command and carry:
#   bash .gpu/on-gpu.sh bash test/bench/gpu-check.sh        carry: [".gpu"]   timeout_s: 600
# on-gpu.sh puts the packed node on PATH and points Vulkan at the NVIDIA driver. Logs go to $OUT
# (returned by the run tool), or /tmp/gpu-check. Each stage has its own time limit so that one
# hang cannot take the whole call; a failed stage is reported and the next one still runs.
# Without .gpu/bench (a machine with the full node_modules and `npm run build:engine`) it runs dist/.
set -uo pipefail
# GPU_CHECK_CONFIG=tiny smoke-tests the script on a machine without a GPU (lavapipe)
config=${GPU_CHECK_CONFIG:-probe}
out=${OUT:-/tmp/gpu-check}
mkdir -p "$out"
failed=0
bench=dist/test/bench
[ -d .gpu/bench ] && bench=.gpu/bench
data=()
if [ -f .gpu/home.tar.xz ]; then
  mkdir -p /tmp/gpu-check-home && tar -C /tmp/gpu-check-home -xJf .gpu/home.tar.xz
  data=(--data /tmp/gpu-check-home)
fi

stage() {
  local name=$1 limit=$2
  shift 2
  echo "== $name (limit ${limit}s): $*"
  local t0=$SECONDS
  # drop Dawn's limit warnings and tfjs's "install tfjs-node" banner; keep the rest
  timeout "$limit" "$@" 2>&1 | grep -v -e 'artificially reduced' -e '^====' -e 'Hi, looks like' -e '^$' > "$out/$name.log"
  local rc=${PIPESTATUS[0]}
  tr '\r' '\n' < "$out/$name.log" | grep -v -e ' step [0-9]*/[0-9]* ' | tail -40
  echo "-- $name: exit $rc after $((SECONDS - t0)) s"
  [ "$rc" = 0 ] || failed=$((failed + 1))
}

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
node --version

# 1. fused kernels vs tfjs ops on the cpu backend, rel err <= 1e-4, probe-like shapes
stage kernels 120 node $bench/kernel-check.js
# 2. every matmul shape of a probe step: tfjs's kernel vs the tiled one (and each tiling), GFLOP/s, ms per step
stage matmul-$config 90 node $bench/matmul.js --backend webgpu --config $config --tilings all
# 3. throughput of the probe model through the real trainer: tfjs ops, then fused kernels (one process)
stage train-$config 240 node $bench/train.js --backend webgpu --config $config --kernels both --warmup 2 --steps 5 "${data[@]}"
# 4. the PyTorch fp32/bf16 reference on the same GPU, probe size
stage torch-reference 90 env B=256 DIM=384 LAYERS=6 python3 .gpu/reference_vit.py
# 5. where a step's time goes, per phase and per program (GPU timestamps), both kernel modes
stage profile-$config 120 node $bench/profile-step.js --backend webgpu --config $config --kernels both --steps 3

echo "== $failed stage(s) failed; logs in $out"
exit "$failed"
