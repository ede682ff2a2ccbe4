// Passkeys (WebAuthn) for Groz: the only script the account pages need. Without JavaScript, or in a browser
// without WebAuthn, the passkey buttons stay hidden and password sign-in works as always.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) {
    return;
  }

  const toBytes = (b64url) => {
    const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(b64url.length / 4) * 4, "=");
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  };
  const toB64url = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let s = "";
    for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  // Older browsers lack parse*FromJSON/toJSON: convert the base64url fields by hand.
  const creationOptions = (json) => PublicKeyCredential.parseCreationOptionsFromJSON
    ? PublicKeyCredential.parseCreationOptionsFromJSON(json)
    : Object.assign({}, json, {
        challenge: toBytes(json.challenge),
        user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
        excludeCredentials: (json.excludeCredentials || []).map((c) => Object.assign({}, c, { id: toBytes(c.id) })),
      });
  const requestOptions = (json) => PublicKeyCredential.parseRequestOptionsFromJSON
    ? PublicKeyCredential.parseRequestOptionsFromJSON(json)
    : Object.assign({}, json, {
        challenge: toBytes(json.challenge),
        allowCredentials: (json.allowCredentials || []).map((c) => Object.assign({}, c, { id: toBytes(c.id) })),
      });
  const credentialJson = (credential) => {
    if (typeof credential.toJSON === "function") return JSON.stringify(credential.toJSON());
    const r = credential.response;
    const response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    }
    if (r.authenticatorData) {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
    }
    return JSON.stringify({
      id: credential.id, rawId: toB64url(credential.rawId), type: credential.type,
      response: response, clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || null,
    });
  };

  // Each passkey form: data-passkey="create" or "get", data-options = URL that returns the options (POST).
  document.querySelectorAll("form[data-passkey]").forEach((form) => {
    const button = form.querySelector("button");
    const status = form.querySelector("[data-passkey-status]");
    form.hidden = false;
    button.addEventListener("click", async (event) => {
      event.preventDefault();
      const token = form.querySelector("input[name=__RequestVerificationToken]").value;
      status.textContent = "";
      try {
        const response = await fetch(form.dataset.options, { method: "POST", headers: { "X-CSRF-TOKEN": token }, credentials: "same-origin" });
        if (!response.ok) throw new Error("options " + response.status);
        const options = await response.json();
        const credential = form.dataset.passkey === "create"
          ? await navigator.credentials.create({ publicKey: creationOptions(options) })
          : await navigator.credentials.get({ publicKey: requestOptions(options) });
        form.querySelector("input[name=CredentialJson]").value = credentialJson(credential);
        form.submit();
      } catch (error) {
        status.textContent = form.dataset.failed;
      }
    });
  });
})();
