import * as assert from 'assert';
import { activationRow } from '../../../scripts/bench/activationStats';

// The shape of Developer: Startup Performance's document in VS Code 1.100 (code-server 4.100.3).
const DOCUMENT = `## Performance Marks

| What | Duration | Process | Info |
|------|------|------|------|
| start => app.isReady | 0 | [main] | |

## Extension Activation Stats

| Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By |
|------|------|------|------|------|------|------|
| vscode.git | true | 31 | 6 | 2 | * | vscode.git |
| upkeep.upkeep | false | 9 | 4 | 120 | workspaceContains:**/client.yaml | upkeep.upkeep |
`;

describe('activation bench: the Startup Performance row', () => {
  it("reads Upkeep's load, call and finish times and the event that activated it", () => {
    assert.deepStrictEqual(activationRow(DOCUMENT, 'upkeep.upkeep'), { loadCodeMs: 9, callActivateMs: 4, finishActivateMs: 120, event: 'workspaceContains:**/client.yaml' });
  });

  it('is undefined until the row is there (the By column alone is not the row)', () => {
    assert.strictEqual(activationRow(DOCUMENT.split('| upkeep.upkeep | false')[0], 'upkeep.upkeep'), undefined);
    assert.strictEqual(activationRow('| other.ext | false | 1 | 2 | 3 | * | upkeep.upkeep |', 'upkeep.upkeep'), undefined);
  });
});
