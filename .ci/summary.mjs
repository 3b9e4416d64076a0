// Prints `N passed, M failed[, K skipped]` from a Vitest JSON report; exits 1 when any test
// failed, a file failed to load, or no report exists (set-up failed before tests ran).
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file || !existsSync(file)) {
	console.log('0 passed, 1 failed');
	console.error('no test report: set-up or the test runner failed before tests ran (see above)');
	process.exit(1);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
for (const suite of report.testResults ?? []) {
	if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) brokenFiles++;
	for (const t of suite.assertionResults ?? []) {
		if (t.status === 'passed') passed++;
		else if (t.status === 'failed') failed++;
		else skipped++;
	}
}
failed += brokenFiles;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
