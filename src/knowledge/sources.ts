// Sources shared by many entries.

/** The PID 1 lab: each case run in a fresh PID namespace (test/lab, docs in the project's pid1-knowledge notes). */
export const LAB = "measured: PID 1 lab (test/lab), fresh PID namespace per case";

/** Where docker-library records the Dockerfile behind each official image (GitRepo, GitCommit, Directory per tag). */
export const OFFICIAL_IMAGES = "https://github.com/docker-library/official-images/blob/37079fb336f572a88700cf32e5e1f6be54a04e8f/library";
