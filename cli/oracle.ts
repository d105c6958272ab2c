// Wires the reference model into the checker's Oracle interface. Lives in cli/ because
// it is the one place that may see both the model and the harness's error classifier.

import { predict } from '../model/index.js';
import { renderArgv } from '../model/argv/renderArgv.js';
import { classifyRejection } from '../harness/rejectClass.js';
import type { Oracle } from '../properties/runner/caseRunner.js';

/** The model as the checker consumes it. */
export const modelOracle: Oracle = {
  predict,
  renderArgv(spec, state) {
    const r = renderArgv(spec, state);
    return r.kind === 'ok' ? r.devices : { unsupported: r.reason };
  },
  classifyRejection,
};
