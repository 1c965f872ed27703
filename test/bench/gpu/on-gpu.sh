#!/usr/bin/env bash
# Runs a command on the GPU host from the project root with what `npm run pack:gpu-check` packed in .gpu/:
# node on PATH, node_modules unpacked (unless one is already there), Vulkan pointed at the NVIDIA driver.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in .gpu/*.deb; do dpkg -x "$f" /; done; ldconfig
mkdir -p /tmp/gpu-bin && xz -dc .gpu/node.xz > /tmp/gpu-bin/node && chmod +x /tmp/gpu-bin/node
export PATH=/tmp/gpu-bin:$PATH
[ -d node_modules ] || tar xJf .gpu/nm.tar.xz
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES=$icd
nvidia-smi -L || true
exec "$@"
