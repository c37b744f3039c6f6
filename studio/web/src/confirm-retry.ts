import { StudioError, post } from './api.js';

/**
 * A write that the server refuses with E_DATA_LOSS (a Down or a branch switch that would destroy
 * data) is shown to the user with the server's own list of losses and sent again with `yes` only
 * after they confirm. Answers undefined when they decline.
 */
export async function postConfirmingDataLoss<T>(path: string, body: Record<string, unknown>): Promise<T | undefined> {
  try {
    return await post<T>(path, body);
  } catch (err) {
    if (!(err instanceof StudioError) || err.error.code !== 'E_DATA_LOSS') throw err;
    if (!confirm(`${err.error.message}\n\nContinue and lose this data?`)) return undefined;
    return post<T>(path, { ...body, yes: true });
  }
}
