using Aims.Grains.Credentials;

namespace Aims.Grains.Agents;

/// <summary>One agent identity, keyed by its SPIFFE ID (<see cref="GrainKeys.Agent"/>).</summary>
[Alias("aims.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers the agent; null when it already exists. The new half of a move that is asked again (the move was
    /// interrupted after it) answers the agent as registered, so a retried move completes.
    /// </summary>
    [Alias("Register")] Task<AgentView?> RegisterAsync(RegisterAgent command);

    /// <summary>The agent, or null when it was never registered.</summary>
    [Alias("Get")] Task<AgentView?> GetAsync();

    [Alias("Suspend")] Task<AgentView> SuspendAsync(AdminAction action);

    [Alias("Resume")] Task<AgentView> ResumeAsync(AdminAction action);

    [Alias("Terminate")] Task<AgentView> TerminateAsync(AdminAction action);

    /// <summary>
    /// Moves the agent to a new SPIFFE ID (Core <c>AgentMoves</c>): registers the new ID with this agent's policy,
    /// selectors and metadata (Registered: it attests again, no credential moves), then terminates this one the way
    /// <see cref="TerminateAsync"/> does, both durably, and tells SSF receivers with RISC identifier-changed besides
    /// what termination sends. Both audit records carry the same correlation id and name each other as cause.
    /// </summary>
    [Alias("Move")] Task<AgentMoveResult> MoveAsync(AgentMove move);

    /// <summary>
    /// Revokes everything the agent holds, on every silo: the Compromised state and the revocation moment are written
    /// durably first, then the signal goes out on the cluster stream, its sessions and X.509 credentials are revoked
    /// and the SSF receivers are told (RISC credential-compromise, CAEP session-revoked and credential-change).
    /// </summary>
    [Alias("Compromise")] Task<AgentView> CompromiseAsync(AdminAction action);

    /// <summary>Lowers the ceiling of live and future tokens (CAEP token-claims-change); durable before it returns.</summary>
    [Alias("ReduceScope")] Task<AgentView> ReduceScopeAsync(ScopeReduction reduction);

    /// <summary>Lifts a scope reduction: the agent's policy ceiling applies again to new tokens.</summary>
    [Alias("RestoreScope")] Task<AgentView> RestoreScopeAsync(AdminAction action);

    /// <summary>What introspection and renewal check when a signal may have been lost (read from durable state).</summary>
    /// <remarks>It interleaves: a relying party asking during a compromise must not wait for the whole fan-out. It may
    /// see a change a moment before it is durable; a failed write drops the activation, so that moment never outlives it.</remarks>
    [Alias("GetRevocation"), Orleans.Concurrency.AlwaysInterleave] Task<AgentRevocation> GetRevocationAsync();

    /// <summary>
    /// Decides on attestation evidence already verified by its attestor and, if policy allows, issues what was
    /// asked. The issuance is audited durably before this returns.
    /// </summary>
    [Alias("AttestAndIssue")] Task<IssuanceResult> AttestAndIssueAsync(IssuanceRequest request);

    /// <summary>Issues new credentials to an agent that authenticated with a credential it holds.</summary>
    [Alias("Renew")] Task<IssuanceResult> RenewAsync(IssuanceRequest request);

    [Alias("GetCredentials")] Task<IReadOnlyList<CredentialSummary>> GetCredentialsAsync();

    /// <summary>
    /// Revokes one live credential of the agent. An X.509-SVID is on its CA's CRL and answers revoked over OCSP before
    /// this returns; its key no longer signs client assertions. The revocation is audited and, for an X.509-SVID,
    /// announced as a CAEP credential-change.
    /// </summary>
    [Alias("RevokeCredential")] Task<CredentialRevocationOutcome> RevokeCredentialAsync(CredentialRevocation revocation);

    /// <summary>The unexpired keys the agent may sign private_key_jwt client assertions with; kid = RFC 7638 thumbprint.</summary>
    [Alias("GetClientKeys")] Task<IReadOnlyList<ClientKey>> GetClientKeysAsync();

    /// <summary>
    /// Spends one of this agent's client assertions (RFC 7523 §3 item 7): false if its <c>jti</c> was used before or
    /// names a JWT-SVID of this agent that was revoked. Every assertion of an agent is spent here, or by the call it
    /// travels with (<see cref="Tokens.AccessTokenGrant.Assertion"/>), so a jti is single-use across all endpoints.
    /// </summary>
    [Alias("UseClientAssertion")] Task<bool> UseClientAssertionAsync(Tokens.ClientAssertionUse assertion);

    /// <summary>
    /// Client credentials for this agent (already authenticated as it): the assertion it carries is spent first, then
    /// policy decides scopes, resources and lifetime; the grant or refusal is audited before this returns.
    /// </summary>
    [Alias("IssueAccessToken")] Task<Tokens.AccessTokenOutcome> IssueAccessTokenAsync(Tokens.AccessTokenGrant grant);

    /// <summary>
    /// Token exchange with this agent as the actor (RFC 8693 §1.1): the new token keeps the subject and, for
    /// delegation, adds this agent to the <c>act</c> chain; for impersonation, which its policy must allow, it adds
    /// nothing. It never carries wider scope or a longer life than the subject token, and honours the subject's
    /// <c>may_act</c> (RFC 8693 §4.4).
    /// </summary>
    [Alias("ExchangeToken")] Task<Tokens.AccessTokenOutcome> ExchangeTokenAsync(Tokens.TokenExchangeGrant grant);

    /// <summary>
    /// Identity chaining: a JWT authorization grant for a partner authorization server, if this agent's policy
    /// (<c>oauth.chaining</c>) lets it carry the subject token's scope there. Every decision is audited
    /// (<c>oauth.chaining.grant</c>) before the answer.
    /// </summary>
    [Alias("ObtainAuthorizationGrant")] Task<Tokens.AuthorizationGrantOutcome> ObtainAuthorizationGrantAsync(Tokens.ChainingGrant grant);

    /// <summary>The unexpired, unrevoked access tokens the agent was issued or got by exchange, soonest to expire first.</summary>
    [Alias("GetTokens")] Task<IReadOnlyList<Tokens.TokenSummary>> GetTokensAsync();

    /// <summary>
    /// The SPIFFE IDs the agent's policy lets act for it in a token exchange (<c>oauth.delegation.may_act</c>,
    /// RFC 8693 §4.4); empty when the policy does not restrict it or the agent is not registered.
    /// </summary>
    [Alias("GetPermittedActors")] Task<IReadOnlyList<string>> GetPermittedActorsAsync();

    /// <summary>
    /// Consent for user delegation (authorization code grant): policy decides with the user and the user's groups;
    /// when it allows, the session is recorded as one of the agent's live sessions, durably, before this returns.
    /// </summary>
    [Alias("AuthorizeSession")] Task<SessionAuthorizationResult> AuthorizeSessionAsync(SessionAuthorization request);

    /// <summary>
    /// An access token for a live session of this agent (sub = the user, client_id = the agent): refused unless the
    /// agent is Active and policy still lets the user delegate. The grant or refusal is audited before this returns.
    /// </summary>
    [Alias("IssueSessionToken")] Task<Tokens.AccessTokenOutcome> IssueSessionTokenAsync(SessionTokenGrant grant);

    /// <summary>A session of this agent was revoked or ended: it no longer counts as live.</summary>
    [Alias("EndSession")] Task EndSessionAsync(SessionEnd end);

    /// <summary>The agent's live sessions (authorized but unredeemed, or established and within their lifetime).</summary>
    [Alias("GetSessions")] Task<IReadOnlyList<Sessions.SessionSummary>> GetSessionsAsync();

    /// <summary>
    /// Whether this agent, as the requesting workload, may obtain a transaction token (its policy's
    /// <c>oauth.transactions</c>), and for how long; a refusal is audited before this returns.
    /// </summary>
    [Alias("AuthorizeTransaction")] Task<Transactions.TransactionAuthorizationResult> AuthorizeTransactionAsync(Transactions.TransactionAuthorization request);

    /// <summary>A transaction this agent is party to (subject or requesting workload): listed, and revoked with the agent.</summary>
    [Alias("TrackTransaction")] Task TrackTransactionAsync(Transactions.TransactionSummary transaction);

    /// <summary>The agent's live transactions, soonest to expire first; revoked ones drop out.</summary>
    [Alias("GetTransactions")] Task<IReadOnlyList<Transactions.TransactionSummary>> GetTransactionsAsync();
}
