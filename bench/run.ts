/**
 * `npm run bench [-- --json] [-- --quick]`: the server's costs, as ratios measured side by
 * side in one run (the machine is noisy; absolute numbers are not comparable across runs).
 */
import { randomUUID } from 'node:crypto';
import { helpText, parseCommandLine, type CommandSpec, type FlagSpecs, type FlagValues } from '../src/cli/define-command.ts';
import { formatFailure } from '../src/cli/run-command.ts';
import { CLIENT_ID, startTestIssuer } from '../test/support/test-issuer.ts';
import { startChildServer } from './child-server.ts';
import { INITIALIZE, load, TOOLS_LIST } from './load.ts';
import { measureProxySignIn } from './proxy-sign-in-cost.ts';
import { measureProxyVerifyCost } from './proxy-verify-cost.ts';
import { floodLines, memoryLines, proxySignInLines, proxyVerifyLines, ratio, targets, throughputLines, verifyCostLines } from './report.ts';
import { measureVerifyCost } from './verify-cost.ts';

const benchSpec = {
  name: 'npm run bench',
  summary: "Measures the server's costs as ratios taken side by side in one run (auth on/off, the SDK's default server, verification, the unknown-kid flood, memory, proxy mode's sign-in and tokens).",
  json: true,
  flags: { quick: { type: 'boolean', description: 'shorter runs, figures without verdicts (a smoke check; figures are noisier)' } },
} as const satisfies CommandSpec<FlagSpecs>;

let values: FlagValues<typeof benchSpec.flags>;
try {
  ({ values } = parseCommandLine(benchSpec, process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`${formatFailure(benchSpec.name, error).join('\n')}\n`);
  process.exit(2);
}
if (values.help === true) {
  process.stdout.write(helpText(benchSpec));
  process.exit(0);
}
const say = (line: string): void => {
  if (!values.json) process.stderr.write(`${line}\n`);
};
/** A section's figures, on stdout as soon as they are measured. */
const report = (lines: string[]): void => {
  if (!values.json) process.stdout.write(`${lines.join('\n')}\n`);
};
// Quick runs are smoke checks: figures only, no verdicts against the targets.
const judge = { verdicts: !values.quick };
const seconds = values.quick ? 2 : 5;
const rounds = values.quick ? 1 : 3;
const initializeCount = values.quick ? 20_000 : 100_000;
const CONNECTIONS = 32;

const issuer = await startTestIssuer();
const env = { AZURE_TENANT_ID: issuer.tenant, AZURE_CLIENT_ID: CLIENT_ID, AZURE_AUTHORITY_HOST: issuer.host };
const token = await issuer.mint({ exp: Math.floor(Date.now() / 1000) + 6 * 3600 });

say(`Throughput: tools/list over loopback, ${CONNECTIONS} connections, ${rounds} × ${seconds} s per server, interleaved`);
const servers = {
  authOff: await startChildServer('auth-off', env),
  authOn: await startChildServer('auth-on', env),
  peer: await startChildServer('peer', env),
};
// Warm each server (JIT, caches, connection pools) before anything is counted.
for (const name of ['authOff', 'authOn', 'peer'] as const) {
  await load(servers[name].url, TOOLS_LIST, { connections: CONNECTIONS, seconds: 1, ...(name === 'authOn' ? { token } : {}) });
}
const rps = { authOff: 0, authOn: 0, peer: 0 };
const failures: string[] = [];
for (let r = 0; r < rounds; r++) {
  for (const name of ['authOff', 'authOn', 'peer'] as const) {
    const result = await load(servers[name].url, TOOLS_LIST, { connections: CONNECTIONS, seconds, ...(name === 'authOn' ? { token } : {}) });
    if (result.non2xx > 0 || result.errors > 0) failures.push(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    rps[name] += result.requestsPerSecond / rounds;
    say(`  round ${r + 1} ${name.padEnd(8)} ${Math.round(result.requestsPerSecond)} req/s`);
  }
}
for (const s of Object.values(servers)) await s.stop();
report(throughputLines(rps, judge));

say('Verification cost on a cache miss (jose) beside raw crypto.verify');
const verifyCost = await measureVerifyCost(issuer, values.quick ? 5_000 : 20_000);
report(verifyCostLines(verifyCost, judge));

say("Proxy mode: the server's own tokens verified beside Entra's, on a cache miss");
const proxyVerify = await measureProxyVerifyCost(issuer, values.quick ? 2_000 : 20_000);
report(proxyVerifyLines(proxyVerify));

const signIns = values.quick ? 3 : 20;
say(`Proxy mode: ${signIns} full sign-ins against npm run dev --auth-mode proxy, beside direct sign-ins at the provider`);
const proxySignIn = await measureProxySignIn(signIns);
report(proxySignInLines(proxySignIn));

say('Unknown-kid flood: 1,000 tokens with unknown kids while valid tokens are served');
const floodCooldown = 3;
const floodServer = await startChildServer('auth-on', { ...env, JWKS_COOLDOWN_SECONDS: String(floodCooldown) });
// Let the startup fetch's cooldown pass, so the flood may trigger (at most) one refetch.
await new Promise((resolve) => setTimeout(resolve, floodCooldown * 1000 + 100));
const jwksBefore = issuer.jwksRequests;
const strangers = await Promise.all(Array.from({ length: 1000 }, () => issuer.mint({}, { header: { kid: randomUUID() } })));
const tasks: { token: string; valid: boolean }[] = strangers.flatMap((t, i) => (i % 4 === 0 ? [{ token: t, valid: false }, { token, valid: true }] : [{ token: t, valid: false }]));
let next = 0;
const outcome = { validOk: 0, validTotal: 0, unknownRefused: 0 };
const floodStarted = performance.now();
await Promise.all(
  Array.from({ length: CONNECTIONS }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      const res = await fetch(`${floodServer.url}/mcp`, { method: 'POST', headers: { authorization: `Bearer ${task.token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: TOOLS_LIST });
      await res.arrayBuffer();
      if (task.valid) {
        outcome.validTotal += 1;
        if (res.status === 200) outcome.validOk += 1;
      } else if (res.status === 401) outcome.unknownRefused += 1;
    }
  }),
);
const floodSeconds = (performance.now() - floodStarted) / 1000;
const jwksFetches = issuer.jwksRequests - jwksBefore;
await floodServer.stop();
report(floodLines({ jwksFetches, seconds: Math.round(floodSeconds * 10) / 10, ...outcome }, judge));

say(`Memory: resident set after ${initializeCount.toLocaleString('en')} initialize requests`);
const memServer = await startChildServer('auth-on', env);
const rssBefore = await memServer.rssMb();
const init = await load(memServer.url, INITIALIZE, { connections: CONNECTIONS, amount: initializeCount, token });
const rssAfter = await memServer.rssMb();
if (init.non2xx > 0 || init.errors > 0) failures.push(`initialize: ${init.non2xx} non-2xx, ${init.errors} errors`);
await memServer.stop();
await issuer.close();
report(memoryLines({ rssBeforeMb: Math.round(rssBefore), rssAfterMb: Math.round(rssAfter), initializeRequests: initializeCount }, judge));

const figures = {
  quick: values.quick === true,
  throughput: {
    connections: CONNECTIONS,
    requestsPerSecond: { authOff: Math.round(rps.authOff), authOn: Math.round(rps.authOn), sdkDefaultPeer: Math.round(rps.peer) },
    authOnOverAuthOff: ratio(rps.authOn, rps.authOff),
    authOnOverPeer: ratio(rps.authOn, rps.peer),
  },
  verifyCost: {
    ...verifyCost,
    ratioConcurrentWall: ratio(verifyCost.concurrent32.verify.wallUs, verifyCost.concurrent32.raw.wallUs),
    ratioConcurrentCpu: ratio(verifyCost.concurrent32.verify.cpuUs, verifyCost.concurrent32.raw.cpuUs),
    ratioSequential: ratio(verifyCost.sequential.verify.wallUs, verifyCost.sequential.raw.wallUs),
  },
  proxyMode: {
    verifyCost: { ...proxyVerify, ratioConcurrentWall: ratio(proxyVerify.concurrent32.proxy.wallUs, proxyVerify.concurrent32.entra.wallUs), ratioSequential: ratio(proxyVerify.sequential.proxy.wallUs, proxyVerify.sequential.entra.wallUs) },
    signIn: { count: signIns, ...proxySignIn, msRatio: ratio(proxySignIn.proxy.ms, proxySignIn.direct.ms), requestsRatio: ratio(proxySignIn.proxy.requests, proxySignIn.direct.requests) },
  },
  unknownKidFlood: { unknownTokens: 1000, cooldownSeconds: floodCooldown, seconds: Math.round(floodSeconds * 10) / 10, jwksFetches, validServed: `${outcome.validOk}/${outcome.validTotal}`, unknownRefused: outcome.unknownRefused },
  memory: { initializeRequests: initializeCount, rssBeforeMb: Math.round(rssBefore), rssAfterMb: Math.round(rssAfter), requestsPerSecond: Math.round(init.requestsPerSecond) },
  ...(values.quick ? {} : { targets: targets({ rps, verify: verifyCost, flood: { jwksFetches, ...outcome }, rssAfterMb: rssAfter }) }),
  failures,
};

if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
else if (failures.length > 0) process.stdout.write(`FAILED REQUESTS: ${failures.join('; ')}\n`);
process.exit(failures.length > 0 ? 1 : 0);
