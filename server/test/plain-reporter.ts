import type { Reporter, TestModule, SerializedError } from 'vitest/node';

/** Prints the CI contract line `N passed, N failed` last, counting import errors and hook failures as failures. */
export default class PlainReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const m of modules) {
      let failedInModule = 0;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') { failed++; failedInModule++; }
        else skipped++;
      }
      if (m.state() === 'failed' && failedInModule === 0) failed++;
    }
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\n${passed} passed, ${failed} failed${tail}\n`);
  }
}
