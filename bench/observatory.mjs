// Runs MDN HTTP Observatory's own retriever and tests (npm @mdn/mdn-http-observatory) against
// loopback servers. Its scan() takes a hostname and always uses ports 80/443, so this calls the
// retriever it is built on with the ports given, then every test of ALL_TESTS, as scan() does.
// Prints one line per test: "<site> <test-name> pass|fail <result>".
//   node bench/observatory.mjs site:httpPort:httpsPort ...   (NODE_PATH = the install folder)
import path from "node:path";
const root = path.join(process.env.OBSERVATORY_HOME, "node_modules/@mdn/mdn-http-observatory");
const { retrieve } = await import(path.join(root, "src/retriever/retriever.js"));
const { ALL_TESTS } = await import(path.join(root, "src/constants.js"));
for (const arg of process.argv.slice(2)) {
  const [site, httpPort, httpsPort] = arg.split(":");
  const r = await retrieve("127.0.0.1", { httpPort, httpsPort });
  if (!r.responses.auto) {
    console.log(`${site} * error site-down`);
    continue;
  }
  for (const test of ALL_TESTS) {
    const out = test(r);
    console.log(`${site} ${out.constructor.name} ${out.pass ? "pass" : "fail"} ${out.result}`);
  }
}
