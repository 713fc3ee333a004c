import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { freePort } from "../../scripts/local-worker.ts";
import { buildCli, freshHome, parseJson, runCli } from "./cli-runner.ts";

beforeAll(buildCli);

describe("edge-cascade login", () => {
  test("checks the key against the API and saves URL and key in a 0600 file in the config directory", async () => {
    const { env, configHome } = freshHome();
    const run = await runCli(["login", "--url", inject("workerUrl"), "--key", inject("apiKey")], env);
    expect(run.code, run.stderr).toBe(0);
    // A loopback URL over http is no cleartext risk: no warning.
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("Logged in to");
    expect(run.stdout).toContain("prj_default");
    const path = join(configHome, "edge-cascade", "config.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(configHome, "edge-cascade")).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, "utf8"))).toMatchObject({ url: inject("workerUrl"), key: inject("apiKey") });

    // Later commands use the saved login.
    const listed = await runCli(["tasks", "list", "--json"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(Array.isArray(parseJson(listed))).toBe(true);
  });

  test("narrows an existing config directory to 0700, and reads the key from stdin", async () => {
    const { env, configHome } = freshHome();
    const dir = join(configHome, "edge-cascade");
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755);
    const run = await runCli(["login", "--url", inject("workerUrl")], env, { input: `${inject("apiKey")}\n` });
    expect(run.code, run.stderr).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, "config.json")).mode & 0o777).toBe(0o600);
  });

  test("warns on stderr that an http URL to another host sends the key in cleartext", async () => {
    const { env } = freshHome();
    const run = await runCli(["login", "--url", "http://edge-cascade.invalid", "--key", "ec_any"], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("warning: http://edge-cascade.invalid is plain http to another machine: the API key travels in cleartext");
    const secure = await runCli(["login", "--url", "https://edge-cascade.invalid", "--key", "ec_any"], env);
    expect(secure.stderr).not.toContain("warning:");
  });

  test("falls back to ~/.config/edge-cascade without XDG_CONFIG_HOME", async () => {
    const { env, home } = freshHome();
    delete env.XDG_CONFIG_HOME;
    const run = await runCli(["login", "--url", inject("workerUrl"), "--key", inject("apiKey"), "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    expect(parseJson(run).config_file).toBe(join(home, ".config", "edge-cascade", "config.json"));
  });

  test("saves nothing when the key is refused: exit 4 and one line naming the 401", async () => {
    const { env, configHome } = freshHome();
    const run = await runCli(["login", "--url", inject("workerUrl"), "--key", "ec_not_a_key"], env);
    expect(run.code).toBe(4);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^edge-cascade: API key refused by http:\/\/127\.0\.0\.1:\d+ \(401 unauthorized\)/);
    expect(() => statSync(join(configHome, "edge-cascade", "config.json"))).toThrow();
  });
});

describe("credentials and errors", () => {
  test("EDGE_CASCADE_URL and EDGE_CASCADE_KEY win over the config file, and --key over both", async () => {
    const { env, configHome } = freshHome();
    const saved = await runCli(["login", "--url", inject("workerUrl"), "--key", inject("apiKey")], env);
    expect(saved.code, saved.stderr).toBe(0);
    const wrongKey = await runCli(["tasks", "list"], { ...env, EDGE_CASCADE_KEY: "ec_wrong" });
    expect(wrongKey.code).toBe(4);
    const rightAgain = await runCli(["tasks", "list", "--key", inject("apiKey")], { ...env, EDGE_CASCADE_KEY: "ec_wrong" });
    expect(rightAgain.code, rightAgain.stderr).toBe(0);
    // EDGE_CASCADE_URL wins over the saved URL: nothing listens there, so the run cannot reach it.
    const elsewhere = `http://127.0.0.1:${await freePort()}`;
    const wrongUrl = await runCli(["tasks", "list"], { ...env, EDGE_CASCADE_URL: elsewhere });
    expect(wrongUrl.code).toBe(3);
    expect(wrongUrl.stderr).toContain(elsewhere);

    // No saved login at all: the environment alone is enough.
    const bare = freshHome();
    const fromEnv = await runCli(["tasks", "list", "--json"], { ...bare.env, EDGE_CASCADE_URL: inject("workerUrl"), EDGE_CASCADE_KEY: inject("apiKey") });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    writeFileSync(join(configHome, "edge-cascade", "config.json"), "{not json");
    const broken = await runCli(["tasks", "list"], env);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("config.json is not valid JSON");
  });

  test("a wrong key with --json is one error object on stdout, with the API's code and request id", async () => {
    const { env } = freshHome();
    const run = await runCli(["tasks", "list", "--json", "--url", inject("workerUrl"), "--key", "ec_wrong"], env);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe("");
    const body = parseJson(run);
    expect(body.error).toMatchObject({ code: "unauthorized", status: 401, exit_code: 4 });
    expect(body.error.request_id).toMatch(/^req_/);
    expect(body.error.message).toContain("401 unauthorized");
  });

  test("an unreachable URL: exit 3 and a message naming the URL", async () => {
    const { env } = freshHome();
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(["tasks", "list", "--url", url, "--key", "ec_any"], env);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(`edge-cascade: cannot reach ${url}: ECONNREFUSED`);
    const json = await runCli(["tasks", "list", "--json", "--url", url, "--key", "ec_any"], env);
    expect(parseJson(json).error).toMatchObject({ code: "unreachable", exit_code: 3 });
  });

  test("not logged in, unknown commands and bad flags are usage errors (exit 2)", async () => {
    const { env } = freshHome();
    const notLoggedIn = await runCli(["tasks", "list"], env);
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.stderr).toContain("no API URL: pass --url, set EDGE_CASCADE_URL or run `edge-cascade login`");
    const unknown = await runCli(["frobnicate"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const half = await runCli(["tasks"], env);
    expect(half.code).toBe(2);
    expect(half.stderr).toContain("`tasks list`");
    const badFlag = await runCli(["tasks", "list", "--colour"], env);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain("--colour");
    const missingTask = await runCli(["train", "--url", inject("workerUrl"), "--key", inject("apiKey")], env);
    expect(missingTask.code).toBe(2);
    expect(missingTask.stderr).toContain("train needs --task");
  });

  test("every command has --help", async () => {
    const { env } = freshHome();
    const overview = await runCli(["--help"], env);
    expect(overview.code).toBe(0);
    const commands = ["login", "tasks list", "tasks create", "tasks show", "examples import", "train", "eval", "decisions", "stats", "keys create", "keys list", "keys revoke"];
    for (const command of commands) {
      expect(overview.stdout).toContain(command);
      const help = await runCli([...command.split(" "), "--help"], env);
      expect(help.code, command).toBe(0);
      expect(help.stdout.split("\n")[0]).toContain(`edge-cascade ${command}`);
      expect(help.stdout).toContain("--json");
    }
  });
});
