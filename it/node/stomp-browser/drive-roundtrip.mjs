// Drives roundtrip.html in Debian's headless Chromium for StompBrowserIT.
// Usage: node drive-roundtrip.mjs <page URL> <fresh user-data dir>
// Prints "SUBSCRIBED" when the page's subscription is receipted, then "RECEIVED <base64 of the UTF-8 body>"
// once the page has received a message and its reply is receipted; exits 0. Any failure: "FAILED <reason>", exit 1.
// playwright-core never downloads a browser: it is pointed at /usr/bin/chromium.
import { chromium } from 'playwright-core';

const [pageUrl, userDataDir] = process.argv.slice(2);
const STEP_TIMEOUT_MS = 60_000;

// The flags known to work on this machine: without the background-networking ones Chromium keeps trying to
// reach hosts that a closed network refuses.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function waitForState(page, state) {
  await page.waitForFunction(wanted => {
    const r = window.roundTrip;
    if (r && r.error) throw new Error(r.error);
    return r && r.state === wanted;
  }, state, { timeout: STEP_TIMEOUT_MS, polling: 50 });
}

let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: FLAGS, timeout: STEP_TIMEOUT_MS });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', message => console.error(`page console ${message.type()}: ${message.text()}`));
  page.on('pageerror', error => console.error(`page error: ${error.message}`));
  await page.goto(pageUrl, { timeout: STEP_TIMEOUT_MS });
  await waitForState(page, 'subscribed');
  console.log('SUBSCRIBED');
  await waitForState(page, 'replied');
  const received = await page.evaluate(() => window.roundTrip.received);
  console.log('RECEIVED ' + Buffer.from(received, 'utf8').toString('base64'));
  await context.close();
  process.exit(0);
} catch (error) {
  console.log('FAILED ' + String(error && error.message || error).split('\n')[0]);
  if (context) await context.close().catch(() => {});
  process.exit(1);
}
