// Preloaded into `amas up` by the e2e test (NODE_OPTIONS=--import): once the console has drawn,
// a library-style process warning is emitted, as Node would print it to stderr mid-session.
const write = process.stdout.write.bind(process.stdout);
let armed = false;
process.stdout.write = (...args) => {
  if (!armed) {
    armed = true;
    setTimeout(() => process.emitWarning('e2e stray warning', 'DeprecationWarning'), 500).unref();
  }
  return write(...args);
};
