// The demo school always runs on loopback. Match patterns ignore the port, so one pattern
// covers the default port 5177 and the random ports the e2e tests use.
export const DEMO_HOST = '127.0.0.1';
export const DEMO_DEFAULT_PORT = 5177;
export const DEMO_HOST_PATTERN = `http://${DEMO_HOST}/*`;
