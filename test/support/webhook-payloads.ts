/**
 * Webhook payloads in the senders' real shapes (GitHub's documented examples for
 * Codertocat/Hello-World, Slack's Events API envelope), trimmed of URL fields nobody reads.
 */
const user = (login = "Codertocat", type: "User" | "Bot" = "User") => ({
  login,
  id: 21031067,
  node_id: "MDQ6VXNlcjIxMDMxMDY3",
  avatar_url: "https://avatars1.githubusercontent.com/u/21031067?v=4",
  url: `https://api.github.com/users/${login}`,
  html_url: `https://github.com/${login}`,
  type,
  site_admin: false,
});

const repository = {
  id: 186853002,
  node_id: "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=",
  name: "Hello-World",
  full_name: "Codertocat/Hello-World",
  private: false,
  owner: user(),
  html_url: "https://github.com/Codertocat/Hello-World",
  url: "https://api.github.com/repos/Codertocat/Hello-World",
  default_branch: "master",
};

function issue(number: number, title: string, body: string | null) {
  return {
    url: `https://api.github.com/repos/Codertocat/Hello-World/issues/${number}`,
    repository_url: "https://api.github.com/repos/Codertocat/Hello-World",
    html_url: `https://github.com/Codertocat/Hello-World/issues/${number}`,
    id: 444500041,
    node_id: "MDU6SXNzdWU0NDQ1MDAwNDE=",
    number,
    title,
    user: user(),
    labels: [],
    state: "open",
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: "2019-05-15T15:20:18Z",
    updated_at: "2019-05-15T15:20:18Z",
    closed_at: null,
    author_association: "OWNER",
    active_lock_reason: null,
    body,
  };
}

export function issuesOpened(title: string, body: string | null, number = 1) {
  return { action: "opened", issue: issue(number, title, body), repository, sender: user() };
}

export function issueCommentCreated(commentBody: string, number = 1, sender: "User" | "Bot" = "User") {
  return {
    action: "created",
    issue: issue(number, "Spelling error in the README file", "It looks like you accidently spelled 'commit' with two 't's."),
    comment: {
      url: "https://api.github.com/repos/Codertocat/Hello-World/issues/comments/492700400",
      html_url: `https://github.com/Codertocat/Hello-World/issues/${number}#issuecomment-492700400`,
      issue_url: `https://api.github.com/repos/Codertocat/Hello-World/issues/${number}`,
      id: 492700400,
      node_id: "MDEyOklzc3VlQ29tbWVudDQ5MjcwMDQwMA==",
      user: user(sender === "Bot" ? "edge-cascade[bot]" : "Codertocat", sender),
      created_at: "2019-05-15T15:20:21Z",
      updated_at: "2019-05-15T15:20:21Z",
      author_association: "OWNER",
      body: commentBody,
    },
    repository,
    sender: user(sender === "Bot" ? "edge-cascade[bot]" : "Codertocat", sender),
  };
}

export function pullRequestOpened(title: string, body: string, number = 2) {
  return {
    action: "opened",
    number,
    pull_request: {
      url: `https://api.github.com/repos/Codertocat/Hello-World/pulls/${number}`,
      id: 279147437,
      node_id: "MDExOlB1bGxSZXF1ZXN0Mjc5MTQ3NDM3",
      html_url: `https://github.com/Codertocat/Hello-World/pull/${number}`,
      number,
      state: "open",
      locked: false,
      title,
      user: user(),
      body,
      created_at: "2019-05-15T15:20:33Z",
      updated_at: "2019-05-15T15:20:33Z",
      head: { label: "Codertocat:changes", ref: "changes", sha: "ec26c3e57ca3a959ca5aad62de7213c562f8c821" },
      base: { label: "Codertocat:master", ref: "master", sha: "f95f852bd8fca8fcc58a9a2d6c842781e32a215e" },
      draft: false,
      merged: false,
    },
    repository,
    sender: user(),
  };
}

export const ping = {
  zen: "Keep it logically awesome.",
  hook_id: 109948940,
  hook: { type: "Repository", id: 109948940, name: "web", active: true, events: ["issues"], config: { content_type: "json", insecure_ssl: "0", url: "https://smee.io/****************" } },
  repository,
  sender: user(),
};

/** Slack's Events API envelope around a channel message. */
export function slackMessage(text: string, eventId: string, extra: Record<string, unknown> = {}) {
  return {
    token: "XXYYZZ",
    team_id: "T061EG9R6",
    api_app_id: "A0PNCHHK2",
    event: {
      type: "message",
      channel: "C2147483705",
      user: "U2147483697",
      text,
      ts: "1355517523.000005",
      event_ts: "1355517523.000005",
      channel_type: "channel",
      ...extra,
    },
    type: "event_callback",
    authed_users: ["U061F7AUR"],
    event_id: eventId,
    event_time: 1355517523,
  };
}

export const slackUrlVerification = { token: "Jhj5dZrVaK7ZwHHjRyZWjbDl", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" };
