// Jobs are history once finished: declarations list those created in the last JOB_WINDOW_DAYS (the
// training-job window), so a nightly inventory shows AI work that is running or recent.
import { TRAINING_JOB_WINDOW_DAYS } from "./sagemaker-training-jobs.ts";

export const JOB_WINDOW_DAYS = TRAINING_JOB_WINDOW_DAYS;

export const windowStart = (now: Date): Date => new Date(now.getTime() - JOB_WINDOW_DAYS * 86_400_000);
