// A refusal the model predicted is judged by its class; where libvirt's first refusal was
// another one of that class, the model's own reason is reported beside the agreement (the
// words below are libvirt 9.0's, from an unseen generator's file: an expander bus on a NUMA
// node the domain lacks was refused before the duplicate index the model named).

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sameReason } from '../../properties/judges/caseResult.js';
import { verdictOf } from '../../properties/runner/judgeXml.js';
import { corpusJson, corpusVerdict } from '../../cli/commands/corpus.js';
import type { CaseResult } from '../../properties/judges/caseResult.js';

const LIBVIRT = "XML error: pcie-expander-bus with index 7 is configured for a NUMA node (1) not present in the domain's <cpu><numa> array (0)";

test("libvirt's message carries the model's words, spacing and case aside", () => {
  assert.ok(sameReason("Multiple 'pci' controllers  with index '7'", "unsupported configuration: multiple 'pci' controllers with index '7'"));
  assert.not.ok(sameReason("Multiple 'pci' controllers with index '7'", LIBVIRT));
});

test('a predicted refusal for another reason stays agree, with the reason reported by compare and counted by corpus', () => {
  const result: CaseResult = {
    outcome: 'agree',
    libvirtRejected: true,
    predictedReason: "Multiple 'pci' controllers with index '7'",
    inputXml: '<domain/>',
    expected: `rejected (other): ${LIBVIRT}\n`,
    observed: `rejected (other): ${LIBVIRT}\n`,
    diff: '',
    commands: [],
    predictMs: 0,
  };
  const v = verdictOf(result);
  assert.is(v.verdict, 'agree');
  assert.is(v.otherReason, "Multiple 'pci' controllers with index '7'");
  const judged = { file: 'nested-0224.xml', adaptations: [], ...corpusVerdict(v) };
  assert.is(judged.predicted, true);
  assert.match(judged.reason, /model predicted a refusal for another reason: Multiple 'pci' controllers/);
  const same = { file: 'same.xml', adaptations: [], ...corpusVerdict(verdictOf({ ...result, predictedReason: undefined })) };
  const j = corpusJson([judged, same]);
  assert.equal([j.predictedRejects, j.predictedRejectsOtherReason], [2, 1]);
});

test.run();
