// How many workers a run gets when --workers is not given: cases that start QEMU are
// mostly waits, so they get several sessions per core (as many as memory holds); the
// xml layer, whose virsh keeps a core busy, one per core; --workers always wins.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import os from 'node:os';
import { connectionFrom, defaultWorkers, STARTED_WORKER_BYTES, STARTED_WORKERS_PER_CORE } from '../../cli/flags.js';

const GiB = 2 ** 30;

test('xml: one worker per core; started layers: several per core, bounded by free memory, never below one per core', () => {
  assert.is(defaultWorkers(false, 1, 2, 64 * GiB), 2);
  assert.is(defaultWorkers(true, 1, 2, 64 * GiB), 2 * STARTED_WORKERS_PER_CORE);
  assert.ok(STARTED_WORKERS_PER_CORE > 1);
  assert.is(defaultWorkers(true, 1, 2, 5 * STARTED_WORKER_BYTES), 5, 'memory for five');
  assert.is(defaultWorkers(true, 1, 2, 0), 2, 'no memory to spare: one per core still');
  // diff drives two sessions per worker.
  assert.is(defaultWorkers(true, 2, 2, 64 * GiB), STARTED_WORKERS_PER_CORE);
});

test('connectionFrom: the layers decide without --workers; --workers overrides', () => {
  const cores = os.availableParallelism();
  assert.is(connectionFrom({ layers: ['xml'] }).workers, cores);
  assert.is(connectionFrom({ layers: ['xml', 'argv', 'qemu'] }).workers, defaultWorkers(true));
  assert.ok(connectionFrom({ layers: ['xml', 'qemu'] }).workers >= cores);
  assert.is(connectionFrom({ layers: ['xml', 'argv'], workers: '3' }).workers, 3);
  assert.is(connectionFrom({}, { startsDomains: true }).workers, defaultWorkers(true), 'hotplug always starts its guests');
  assert.is(connectionFrom({}).workers, cores);
});

test.run();
