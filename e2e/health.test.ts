import { expect, inject, test } from "vitest";

test("the local Worker answers its health check and refuses an unknown key", async () => {
  const url = inject("workerUrl");
  expect((await fetch(`${url}/health`)).status).toBe(200);
  const refused = await fetch(`${url}/v1/tasks`, { headers: { authorization: "Bearer not-a-key" } });
  expect(refused.status).toBe(401);
  const listed = await fetch(`${url}/v1/tasks`, { headers: { authorization: `Bearer ${inject("apiKey")}` } });
  expect(listed.status).toBe(200);
});
