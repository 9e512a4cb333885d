import * as assert from 'assert';
import { BookProgress } from '../../../src/core/runner/bookProgress';

describe('BookProgress (Run Every Client’s progress)', () => {
  it('ends at 100% when a set is skipped and another stops early: the total counts only what ran', () => {
    const book = new BookProgress([['front desk', 10], ['safety', 5], ['intake', 5]] as const);
    let bar = 0;
    for (let done = 1; done <= 10; done++) {
      book.casesDone('front desk', done);
      bar += book.increment();
    }
    book.settled('front desk');
    bar += book.increment();
    assert.ok(Math.abs(bar - 50) < 1e-9, `half the book's cases: ${bar}`);
    // Its server went down: the next set is skipped, so its five cases will never run.
    book.settled('safety');
    bar += book.increment();
    assert.deepStrictEqual(book.count(), { done: 10, total: 15 });
    // The last set stops after two cases (three in a row got no answer would stop it too).
    book.casesDone('intake', 2);
    bar += book.increment();
    book.settled('intake');
    bar += book.increment();
    assert.deepStrictEqual(book.count(), { done: 12, total: 12 });
    assert.ok(Math.abs(bar - 100) < 1e-9, `the bar ends full: ${bar}`);
    assert.deepStrictEqual(book.count(['safety', 'intake']), { done: 2, total: 2 }, "a client's part counts its own sets");
  });

  it('never reports a step back, and a book with nothing to run is done', () => {
    const book = new BookProgress([['a', 4]] as const);
    book.casesDone('a', 3);
    assert.strictEqual(book.increment(), 75);
    book.casesDone('a', 2);
    assert.strictEqual(book.increment(), 0);
    assert.strictEqual(new BookProgress([]).increment(), 100);
  });
});
