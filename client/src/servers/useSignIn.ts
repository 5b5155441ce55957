import { useState } from 'react';
import { describeRequestError } from '../lib/errors';
import { trpc } from '../trpc';

/** servers.signIn's contract (PRODUCT.md, "MCP in depth"). */
interface SignInClient {
  servers: { signIn: { mutate(input: { name: string }): Promise<{ authorizationUrl: string }> } };
}

/**
 * Sign in to one MCP server: servers.signIn answers the authorization server's URL, and the browser
 * goes there (it comes back to the app's /oauth/callback). The one place the call is made: until
 * servers.signIn is on the router (issue 21 item 3), it is reached through the untyped path, and a
 * server without it answers NOT_FOUND, shown as the error.
 */
export function useSignIn(name: string) {
  const client = trpc.useUtils().client as unknown as SignInClient;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const signIn = async () => {
    setPending(true);
    setError(null);
    try {
      const { authorizationUrl } = await client.servers.signIn.mutate({ name });
      // Only a web address: a server's metadata must not make this page run javascript: or data: URLs.
      const url = new URL(authorizationUrl);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`the sign-in address is not a web address: ${url.protocol}`);
      location.assign(url.href);
    } catch (failure) {
      setError(describeRequestError(failure).message);
      setPending(false);
    }
  };
  return { signIn, pending, error };
}
