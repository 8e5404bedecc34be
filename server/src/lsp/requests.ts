/**
 * The custom requests of `protocol/` as the server's connection takes them. The protocol's request objects
 * are built on the top-level vscode-jsonrpc (10, the clients'); vscode-languageserver 10.1 runs on its own
 * vscode-jsonrpc 9, whose `RequestType` is a distinct class (private members, so not assignable). The same
 * method with the same type parameters, so a handler is checked against the protocol's declaration.
 */
import { RequestType } from 'vscode-languageserver';
import type { RequestType as ProtocolRequestType } from 'vscode-jsonrpc';

/** `request` (declared in `protocol/`) as a request type of the server's vscode-jsonrpc. */
export function forServer<P, R, E>(request: ProtocolRequestType<P, R, E>): RequestType<P, R, E> {
  return new RequestType<P, R, E>(request.method);
}
