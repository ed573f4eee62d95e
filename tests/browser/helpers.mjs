// Shared plumbing for the browser tests: a real server (serve-test) unless BASE_URL is given,
// Debian's Chromium through playwright-core, sign-in helpers and screenshots.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'tests/browser/artifacts');
export const PASSWORD = 'Partner@2026';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const READY_TIMEOUT_MS = 120_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function ensureBuilt() {
  if (existsSync(path.join(ROOT, 'frontend/dist/index.html'))) return;
  const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('npm run build failed: the server has no SPA to serve');
}

/**
 * Starts `python -m partnercenter serve-test` on a free port (fresh temporary SQLite demo world)
 * and resolves once it prints READY; or uses BASE_URL as is.
 */
export async function startServer() {
  if (process.env.BASE_URL) {
    return { baseUrl: process.env.BASE_URL.replace(/\/$/, ''), stop: async () => {} };
  }
  ensureBuilt();
  const python = process.env.PYTHON ?? path.join(ROOT, '.venv/bin/python');
  const port = await freePort();
  const child = spawn(python, ['-m', 'partnercenter', 'serve-test', '--port', String(port)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    // Reveals without the reason dialog for the suites that reveal as a side issue (a test of
    // the dialog starts its server with REVEAL_REASON_REQUIRED_ROLES set).
    env: { REVEAL_REASON_REQUIRED_ROLES: '[]', ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let output = '';
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`serve-test printed no READY line in ${READY_TIMEOUT_MS} ms:\n${output}`));
    }, READY_TIMEOUT_MS);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /READY (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => {
      output += c.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve-test exited with ${code} before READY:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { baseUrl, stop };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (own cookies) whose pages start in the given UI language. */
export async function newPage(browser, { locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale });
  await context.addInitScript((lang) => {
    if (!window.localStorage.getItem('pc.locale')) window.localStorage.setItem('pc.locale', lang);
  }, locale === 'en' ? 'en' : 'zh-CN');
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

export async function login(page, baseUrl, username, password = PASSWORD) {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('topbar-user').waitFor();
}

/** Who a demo login is, straight from the API (id and own, unmasked name). */
export async function whoIs(baseUrl, username, password = PASSWORD) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: LoginInput!) { login(input: $i) { viewer { role user { id name } } userErrors { code } } }',
      variables: { i: { username, password } },
    }),
  });
  const body = await res.json();
  const viewer = body?.data?.login?.viewer;
  if (!viewer?.user) throw new Error(`cannot sign in as ${username}: ${JSON.stringify(body)}`);
  return { id: viewer.user.id, name: viewer.user.name, role: viewer.role };
}

export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Rows of an antd table (not the measure/placeholder rows). */
export function tableRows(page, testId) {
  return page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);
}

/** Picks an option of an antd Select by its visible text (or the first option when text is omitted). */
export async function pickOption(page, selectTestId, text) {
  await page.getByTestId(selectTestId).click();
  const dropdown = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').last();
  await dropdown.waitFor();
  const option = text
    ? dropdown.locator('.ant-select-item-option', { hasText: text }).first()
    : dropdown.locator('.ant-select-item-option').first();
  await option.click();
}

/**
 * A signed-in API session of a demo login (session and CSRF cookies kept), for tests that need
 * data the UI shows only masked: `call(query, variables)` returns the GraphQL `data`.
 */
export async function apiSession(baseUrl, username, password = PASSWORD) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }',
      variables: { i: { username, password } },
    }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('pc_csrf='))?.slice('pc_csrf='.length);
  if (!csrf) throw new Error(`cannot sign in as ${username}`);
  const call = async (query, variables = {}) => {
    const r = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookies.join('; '), 'X-CSRF-Token': csrf },
      body: JSON.stringify({ query, variables }),
    });
    const body = await r.json();
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return { call };
}
