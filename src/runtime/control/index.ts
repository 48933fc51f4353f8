export { controlSocketPath } from './socket-path.ts';
export { serveControl, InvalidParamsError, type ControlHandler, type ControlClientHandle, type ControlServer } from './server.ts';
export { connectControl, type ControlClient } from './client.ts';
export * from './protocol.ts';
export { obj, str, optStr, optNum, record, type Params } from './params.ts';
