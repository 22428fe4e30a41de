// The packed jobs-gateway-client, installed here as a user installs it, taken both ways: as an ES
// module by its name (as Node and bundlers resolve `exports`) and as the classic script of a
// <script src>; then bundled by esbuild and type-checked by tsc. Run by ClientPackageIT (node --test).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import vm from 'node:vm';
import { build } from 'esbuild';
import { firstEvent, JOB } from './fake-gateway.mjs';
import * as client from 'jobs-gateway-client';

const require = createRequire(import.meta.url);
const here = new URL('.', import.meta.url);

const EXPECTED = {
  url: 'ws://gateway.test/jobs',
  states: ['connecting websocket', 'open websocket', 'closed websocket'],
  event: '1 job.progress ' + JOB,
  sent: ['subscribe ' + JOB + ' since 0']
};

/** A fresh global scope with what a browser gives the client (no WebSocket: the fake is passed in). */
function browserlikeContext() {
  return vm.createContext({ setTimeout, clearTimeout, queueMicrotask, URL, URLSearchParams, console });
}

test('the package by its name is an ES module with JobsClient, JobsClientError and a default export', () => {
  assert.deepEqual(Object.keys(client).sort(), ['JobsClient', 'JobsClientError', 'default']);
  assert.equal(typeof client.JobsClient, 'function');
  assert.equal(client.default, client.JobsClient);
  assert.equal(client.JobsClientError, client.JobsClient.Error);
  assert.equal(client.JobsClientError, client.JobsClient.JobsClientError);
  assert.ok(new client.JobsClientError('forbidden', 'no', null) instanceof Error);
  assert.equal(globalThis.JobsClient, undefined, 'importing the module defines no global');
  assert.match(require.resolve('jobs-gateway-client'), /\/node_modules\/jobs-gateway-client\/jobs-client\.esm\.js$/,
    'exports: "." is jobs-client.esm.js');
});

test('a client from the module connects, subscribes and gets the job\'s event', async () => {
  assert.deepEqual(await firstEvent(client.JobsClient), EXPECTED);
});

test('the package\'s jobs-client.js, run as a classic script, defines the global JobsClient and nothing else', async () => {
  const context = browserlikeContext();
  const before = Object.keys(context);
  vm.runInContext(readFileSync(require.resolve('jobs-gateway-client/jobs-client.js'), 'utf8'), context);
  assert.deepEqual(Object.keys(context).filter((name) => !before.includes(name)), ['JobsClient']);
  assert.deepEqual(Object.getOwnPropertyNames(context.JobsClient).filter((n) => /^[A-Z]/.test(n)).sort(),
    Object.getOwnPropertyNames(client.JobsClient).filter((n) => /^[A-Z]/.test(n)).sort(), 'the same statics');
  assert.deepEqual(await firstEvent(context.JobsClient), EXPECTED);
});

/** Bundles `entry` (a file of bundles/) with esbuild for the browser; fails on any warning but those expected. */
async function bundle(entry, format, expectedWarnings = []) {
  const result = await build({ entryPoints: [new URL('bundles/' + entry, here).pathname], bundle: true, write: false,
    platform: 'browser', format, globalName: format === 'iife' ? 'Bundled' : undefined, logLevel: 'silent' });
  assert.deepEqual(result.warnings.map((w) => w.text), expectedWarnings, 'esbuild warnings for ' + entry);
  return result.outputFiles[0].text;
}

test('bundled by esbuild as an ES module, the client works', async () => {
  const code = await bundle('app.mjs', 'esm');
  assert.doesNotMatch(code, /^\s*import\s/m, 'everything is in the bundle');
  const bundled = await import('data:text/javascript;base64,' + Buffer.from(code).toString('base64'));
  assert.deepEqual(await firstEvent(bundled.JobsClient), EXPECTED);
});

test('bundled by esbuild into a classic script (iife), the client works', async () => {
  const context = browserlikeContext();
  vm.runInContext(await bundle('app.mjs', 'iife'), context);
  assert.equal(context.JobsClient, undefined, 'the bundle defines no JobsClient global of its own');
  assert.deepEqual(await firstEvent(context.Bundled.JobsClient), EXPECTED);
});

test('a bundle that imports the package and uses none of it leaves the client out (sideEffects)', async () => {
  const code = await bundle('unused.mjs', 'esm', ['Ignoring this import because'
    + ' "node_modules/jobs-gateway-client/jobs-client.esm.js" was marked as having no side effects']);
  assert.doesNotMatch(code, /JobsClient|WebSocket/, 'no client code in:\n' + code);
});

test('a bundle that imports the classic script keeps what it does: the global JobsClient', async () => {
  const context = browserlikeContext();
  vm.runInContext(await bundle('script-tag.mjs', 'iife'), context);
  assert.deepEqual(await firstEvent(context.JobsClient), EXPECTED);
});

for (const resolution of ['nodenext', 'bundler']) {
  test(`tsc type-checks a module and a page script that use the package (moduleResolution ${resolution})`, () => {
    const tsc = require.resolve('typescript/bin/tsc');
    try {
      execFileSync(process.execPath, [tsc, '-p', new URL(`types/tsconfig.${resolution}.json`, here).pathname],
        { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      assert.fail('tsc found errors:\n' + e.stdout + e.stderr);
    }
  });
}
