// The helm commands the check runs, against one chart, always as release "secure-otp" in namespace "auth".
import { spawnSync } from "node:child_process";

/** `options`: files (-f), set (--set), setJson (--set-json), args (anything else). */
function valueArgs({ files = [], set = [], setJson = [], args = [] } = {}) {
  return [
    ...files.flatMap((file) => ["--values", file]),
    ...set.flatMap((value) => ["--set", value]),
    ...setJson.flatMap((value) => ["--set-json", value]),
    ...args,
  ];
}

export function helm(binary, chart) {
  const run = (args) => {
    const result = spawnSync(binary, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return { ok: result.status === 0, stdout: result.stdout ?? "", stderr: `${result.stderr ?? ""}${result.error?.message ?? ""}` };
  };
  return {
    lint: (options) => run(["lint", "--strict", chart, ...valueArgs(options)]),
    template: (options) => run(["template", "secure-otp", chart, "--namespace", "auth", ...valueArgs(options)]),
    /** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster needed). */
    notes: (options) => {
      const result = run(["install", "secure-otp", chart, "--namespace", "auth", "--dry-run=client", ...valueArgs(options)]);
      return { ...result, stdout: result.stdout.split(/^NOTES:$/m)[1] ?? "" };
    },
  };
}
