// Copies the client's code, the lines between the marks of jobs-client.esm.js (the source), into the
// same marks of jobs-client.js (the classic script). No build step: the result is committed, and
// ClientPackageTest fails the Maven build when the two files differ between their marks.
//
//   node sync-script.mjs          (in src/main/client)
import { readFileSync, writeFileSync } from 'node:fs';

const BEGIN = '// >>> The client:';
const END = '// <<< The client ends here.';

/** The text of `file` before its marked region, the region (both marks included), and after it. */
function split(file) {
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  const begin = text.indexOf('\n' + BEGIN) + 1;
  const end = text.indexOf('\n' + END + '\n', begin) + 1;
  if (begin === 0 || end === 0) {
    throw new Error(`${file} has no region between a line starting "${BEGIN}" and a line "${END}"`);
  }
  const close = end + END.length + 1;
  return { before: text.slice(0, begin), region: text.slice(begin, close), after: text.slice(close) };
}

const source = split('jobs-client.esm.js');
const script = split('jobs-client.js');
if (source.region.includes('import.meta')) {
  throw new Error('the client\'s code uses import.meta, which a classic script cannot parse: keep it above the marks');
}
const updated = script.before + source.region + script.after;
writeFileSync(new URL('jobs-client.js', import.meta.url), updated);
console.log(updated === script.before + script.region + script.after
  ? 'jobs-client.js was up to date' : 'jobs-client.js updated from jobs-client.esm.js');
