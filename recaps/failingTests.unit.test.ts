import { describe, expect, it } from 'vitest';
import { failingTestNames } from './failingTests.js';
import { FAILING_TEST, VITEST_FAILURE } from '../test/support/recapFixtures.js';

describe('failing test names from test-runner output', () => {
  it.each([
    ['vitest (× line and FAIL line of the same test)', VITEST_FAILURE, [FAILING_TEST]],
    ['vitest with colours', '\u001b[31m FAIL \u001b[39m src/a.test.ts > adds\u001b[0m', ['src/a.test.ts > adds']],
    ['jest', 'FAIL src/sum.test.js\n  ● sum › adds negatives\n    ✕ adds negatives (3 ms)\n    ✓ adds (1 ms)', ['src/sum.test.js', 'sum › adds negatives']],
    ['pytest', 'tests/test_a.py F.\n=== short test summary info ===\nFAILED tests/test_a.py::test_round - AssertionError: 1 != 2\nFAILED tests/test_b.py::TestX::test_y', ['tests/test_a.py::test_round', 'tests/test_b.py::TestX::test_y']],
    ['go test (the package FAIL line is not a test)', '=== RUN   TestRound\n--- FAIL: TestRound (0.00s)\n    round_test.go:12: got 0.11\nFAIL\nFAIL\tgithub.com/acme/pay\t0.004s', ['TestRound']],
    ['cargo test', 'test money::tests::rounds ... FAILED\ntest money::tests::adds ... ok\ntest result: FAILED. 1 passed; 1 failed', ['money::tests::rounds']],
    ['mocha', '  Array\n    1) returns -1\n\n  0 passing (5ms)\n  1 failing\n\n  1) Array\n       returns -1:\n     AssertionError', ['returns -1', 'Array']],
    ['ExUnit', '  1) test rounds negative refunds (Pay.RoundingTest)\n     test/rounding_test.exs:12', ['Pay.RoundingTest: rounds negative refunds']],
    ['numbered lines without a mocha summary', 'Steps:\n  1) install\n  2) run', []],
    ['a passing run', ' ✓ src/a.test.ts (3 tests) 4ms\n Test Files  1 passed (1)', []],
  ])('%s', (_name, output, expected) => {
    expect(failingTestNames(output)).toEqual(expected);
  });
});
