// The Chromium every browser-driving script uses (the webview's browser tests, the render benchmark, the real
// VS Code under code-server): Debian's package, and the flags that keep it quiet and offline.

/** Where `apt-get install -y chromium` puts it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a headless run on a machine without a GPU, a sandbox or a network beyond loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
