// Renders the app icon (resources/build/icon.png, 512 px) from the SVG below: `node resources/build/make-icon.mjs`.
import sharp from 'sharp';
import { fileURLToPath } from 'node:url';

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1f4e79"/><stop offset="1" stop-color="#2e8b57"/></linearGradient></defs>
  <rect x="16" y="16" width="480" height="480" rx="96" fill="url(#g)"/>
  <g fill="#fff" opacity="0.92">
    <rect x="96" y="300" width="48" height="116" rx="8"/><rect x="176" y="236" width="48" height="180" rx="8"/>
    <rect x="256" y="172" width="48" height="244" rx="8"/><rect x="336" y="108" width="48" height="308" rx="8"/>
  </g>
  <path d="M96 220 L200 150 L280 120 L400 80" stroke="#ffd166" stroke-width="22" fill="none" stroke-linecap="round"/>
</svg>`;
await sharp(Buffer.from(svg))
  .png()
  .toFile(fileURLToPath(new URL('./icon.png', import.meta.url)));
