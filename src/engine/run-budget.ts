// A run's budgets (the workflow's `budget:` tool_calls and tokens): counted here and, through a
// child run's BudgetLink, against every ancestor run too. Crossing one stops the run.
import type { WorkflowSpec } from '../core/index.ts';
import type { BudgetLink } from './run-deps.ts';
import type { Stop } from './run-scheduler.ts';
import type { TokenReport } from './usage.ts';

export class RunBudget {
  private toolCalls = 0;

  constructor(
    private readonly budget: WorkflowSpec['budget'],
    /** A child run's link to its parent's budgets. */
    private readonly link: BudgetLink | undefined,
    private readonly stop: (s: Stop) => void,
  ) {}

  /** Before one of this run's executor attempts: false (and the run stopped) when the budget has none left. */
  countToolCall(): boolean {
    const max = this.budget?.tool_calls;
    if (max !== undefined && this.toolCalls >= max) {
      this.stop(toolCallsExceeded(max));
      return false;
    }
    this.charge();
    return true;
  }

  /** A child run's attempt, already under way: counted, and this run stopped once past the budget. */
  chargeToolCall(): void {
    this.charge();
    const max = this.budget?.tool_calls;
    if (max !== undefined && this.toolCalls > max) this.stop(toolCallsExceeded(max));
  }

  /** Tokens an attempt spent (`total`: the run's total with them), passed up and checked. */
  addTokens(u: TokenReport, total: number): void {
    this.link?.addUsage(u);
    const max = this.budget?.tokens;
    if (max !== undefined && total > max) this.stop({ status: 'budget_exceeded', error: `token budget of ${max} exceeded (${total} used)` });
  }

  private charge(): void {
    this.toolCalls++;
    this.link?.chargeToolCall();
  }
}

function toolCallsExceeded(max: number): Stop {
  return { status: 'budget_exceeded', error: `tool-call budget of ${max} exceeded` };
}
