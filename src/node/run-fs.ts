// The run store's file port (src/runs/run-fs.ts) on Node's synchronous fs.
import * as fs from 'node:fs';
import type { RunFs } from '../runs/run-fs';
import { nodePath } from './path-ops';

let tempCounter = 0;

export const nodeRunFs: RunFs = {
  open: (file, flags, mode) => fs.openSync(file, flags, mode),
  write: (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length),
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (file) => fs.unlinkSync(file),
  path: nodePath,
  tempTag: () => `${process.pid}-${++tempCounter}-${process.hrtime.bigint().toString(36)}`,
  readText: (file) => fs.readFileSync(file, 'utf8'),
  readBytes: (file) => new Uint8Array(fs.readFileSync(file)),
  exists: (file) => fs.existsSync(file),
  append: (file, text) => fs.appendFileSync(file, text),
  overwrite: (file, text) => fs.writeFileSync(file, text),
  createEmpty: (file) => fs.writeFileSync(file, '', { flag: 'wx' }),
  makeFolder: (dir) => fs.mkdirSync(dir),
  makeFolders: (dir) => void fs.mkdirSync(dir, { recursive: true }),
  removeTree: (dir) => fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 }),
  listFolder: (dir) => fs.readdirSync(dir, { withFileTypes: true }),
  lstat: (p) => fs.lstatSync(p),
  modifiedAt: (p) => fs.statSync(p).mtime,
  readlink: (p) => fs.readlinkSync(p),
  realpath: (p) => fs.realpathSync(p),
};
