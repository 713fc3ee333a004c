import { beforeAll, expect, inject, test } from "vitest";
import { apiFlags, buildCli, freshHome, parseJson, runCli, taskName } from "./cli-runner.ts";

beforeAll(buildCli);

test("tasks create, list and show, as text and as JSON", async () => {
  const { env } = freshHome();
  const name = taskName("cli-tasks");
  const created = await runCli(["tasks", "create", name, "--label", "billing", "--label", "bug,account", "--target-accuracy", "0.9", ...apiFlags()], env);
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toMatch(new RegExp(`^Created task ${name} \\(tsk_\\w+\\) with labels billing, bug, account\\.`));

  const again = await runCli(["tasks", "create", name, "--label", "a", "--label", "b", ...apiFlags()], env);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain("(409 conflict)");

  const listed = await runCli(["tasks", "list", ...apiFlags()], env);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout.split("\n")[0]).toMatch(/^NAME\s+KIND\s+LABELS\s+MODEL\s+ID$/);
  expect(listed.stdout).toMatch(new RegExp(`^${name}\\s+classify\\s+3\\s+-\\s+tsk_`, "m"));
  const listedJson = parseJson<{ name: string }[]>(await runCli(["tasks", "list", "--json", ...apiFlags()], env));
  expect(listedJson.map((task) => task.name)).toContain(name);

  const shown = await runCli(["tasks", "show", name, ...apiFlags()], env);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toMatch(/labels\s+billing, bug, account/);
  expect(shown.stdout).toMatch(/target accuracy\s+90\.0%/);
  expect(shown.stdout).toMatch(/active model\s+none \(untrained\)/);
  const shownJson = parseJson(await runCli(["tasks", "show", name, "--json", ...apiFlags()], env));
  expect(shownJson).toMatchObject({ name, kind: "classify", target_accuracy: 0.9, models: [] });

  const missing = await runCli(["tasks", "show", `${name}-nope`, ...apiFlags()], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr.trim()).toBe(`edge-cascade: GET /v1/tasks/${name}-nope: No task with id or name "${name}-nope" (404 not_found)`);
});

test("keys create, list and revoke; the revoked key is refused", async () => {
  const { env } = freshHome();
  const created = parseJson(await runCli(["keys", "create", "--name", "cli-reader", "--scope", "decisions:read", "--json", ...apiFlags()], env));
  expect(created.id).toMatch(/^key_/);
  expect(created.key).toMatch(/^ec_/);
  expect(created.scopes).toEqual(["decisions:read"]);

  // The new key works, e.g. for tasks list.
  const asNewKey = await runCli(["tasks", "list", "--url", inject("workerUrl"), "--key", created.key], env);
  expect(asNewKey.code, asNewKey.stderr).toBe(0);

  const listed = await runCli(["keys", "list", ...apiFlags()], env);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).toMatch(new RegExp(`^${created.id}\\s+cli-reader\\s+${created.prefix}\\s+decisions:read\\s+all\\s+never\\s+\\S+\\s+active$`, "m"));
  expect(listed.stdout).not.toContain(created.key);

  const revoked = await runCli(["keys", "revoke", created.id, ...apiFlags()], env);
  expect(revoked.code, revoked.stderr).toBe(0);
  expect(revoked.stdout.trim()).toBe(`Revoked ${created.id}.`);
  const afterJson = parseJson<{ id: string; revoked_at: string | null }[]>(await runCli(["keys", "list", "--json", ...apiFlags()], env));
  expect(afterJson.find((key) => key.id === created.id)?.revoked_at).toEqual(expect.any(String));

  const refused = await runCli(["tasks", "list", "--url", inject("workerUrl"), "--key", created.key], env);
  expect(refused.code).toBe(4);
  expect(refused.stderr).toContain("401");

  const noScope = await runCli(["keys", "create", "--name", "x", ...apiFlags()], env);
  expect(noScope.code).toBe(2);
  expect(noScope.stderr).toContain("--scope");
});

test("text output carries no control characters from the API (escape sequences, C1 CSI), --json keeps them", async () => {
  const { env } = freshHome();
  const name = "\u001b]0;owned\u0007\u001b[31mred\u009b2J key\r\nname";
  const created = parseJson(await runCli(["keys", "create", "--name", name, "--scope", "decisions:read", "--json", ...apiFlags()], env));
  const listed = await runCli(["keys", "list", ...apiFlags()], env);
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  // The row is still one line, with what is left of the name.
  expect(listed.stdout).toMatch(new RegExp(`^${created.id}\\s+\\]0;owned\\[31mred2J key name\\s`, "m"));
  const listedJson = parseJson<{ id: string; name: string }[]>(await runCli(["keys", "list", "--json", ...apiFlags()], env));
  expect(listedJson.find((key) => key.id === created.id)?.name).toBe(name.trim());

  // An error message echoing what was asked for is cleaned the same way.
  const missing = await runCli(["tasks", "show", "\u001b[2Jgone", ...apiFlags()], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toContain("[2Jgone");
  expect(missing.stderr).not.toContain("\u001b");
  await runCli(["keys", "revoke", created.id, ...apiFlags()], env);
});
