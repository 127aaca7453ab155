import { useCallback, useState } from 'react';
import { fieldMessages, problemMessage, ProblemError, toProblem, type Problem } from './problems';

/**
 * One form submission: busy while it runs, then the problem (message + per-field messages
 * from the API's errors[]) or done. Screens show the summary and each field's message.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const submit = useCallback(
    async (...args: A) => {
      setBusy(true);
      setProblem(null);
      try {
        await action(...args);
        setDone(true);
      } catch (error) {
        setProblem(error instanceof ProblemError ? error.problem : toProblem(error));
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return {
    busy,
    done,
    problem,
    message: problem ? problemMessage(problem) : '',
    fieldErrors: fieldMessages(problem ?? undefined),
    submit,
  };
}
