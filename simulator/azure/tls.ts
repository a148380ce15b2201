// A throw-away certificate for the loopback ARM endpoint: the Azure SDK's bearer-token policy
// refuses plain http, so the simulator must speak TLS that clients trust through `ca`.
import { generate } from "selfsigned";

export interface SelfSignedCert {
  key: string;
  cert: string;
}

export async function makeSelfSignedCert(): Promise<SelfSignedCert> {
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600 * 1000),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
