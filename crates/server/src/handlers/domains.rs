//! Company domains: add, list, read, verify (the server checks DNS itself, now) and remove.
//!
//! Anyone who sees a parent sees its domains; adding, verifying and removing one needs a role
//! that can manage the parent ([`ParentAccess::can_manage`]).

use axum::extract::State;
use axum::response::Response;
use rusqlite::Connection;
use ssodesk_dns::{verification_value, DomainName};
use ssodesk_model::{DomainStatus, NewDomain, Page, ProblemKind};

use super::{ok_json, visible_parent, Answer};
use crate::audit::{self, AuditActor, NewAuditEvent};
use crate::database::now;
use crate::domains::{
    after_check, delete_domain as delete_domain_row, domains_of_parent, find_domain, find_domain_by_name,
    insert_domain, update_checked_domain, verified_by_another_parent, verified_domain_count, CheckOutcome, CheckedBy,
    DomainRow,
};
use crate::extract::{ActionConditions, Caller, DomainId, JsonBody, ParentId, WriteConditions};
use crate::ids::{new_id, new_verification_token, IdKind};
use crate::problem::ApiProblem;
use crate::resources::{find_parent, parent_access, ParentAccess};
use crate::routes::AppState;
use crate::write::{run_write, stored_answer, version_mismatch, WriteRequest, Written};

fn domain_not_found(id: &str) -> ApiProblem {
    ApiProblem::not_found(format!("no domain {id} that you can see"))
}

/// The domain and the caller's access to its parent, or 404 when the caller cannot see it.
fn visible_domain(connection: &Connection, caller: &Caller, id: &str) -> Result<(DomainRow, ParentAccess), ApiProblem> {
    let domain = find_domain(connection, id)?.ok_or_else(|| domain_not_found(id))?;
    let access = parent_access(connection, &caller.user_id, &domain.parent_id)?;
    if !access.is_visible() {
        return Err(domain_not_found(id));
    }
    Ok((domain, access))
}

fn require_manage(access: &ParentAccess, what: &str) -> Result<(), ApiProblem> {
    if access.can_manage() {
        return Ok(());
    }
    Err(ApiProblem::forbidden(format!(
        "{what} needs Owner or Primary Owner of one of the parent's Team or Enterprise organizations, or Admin of one of its Console organizations"
    )))
}

pub(crate) async fn list_domains(State(app): State<AppState>, caller: Caller, ParentId(id): ParentId) -> Answer {
    let page = app
        .db
        .call(move |connection| {
            let (parent, _) = visible_parent(connection, &caller, &id)?;
            let items = domains_of_parent(connection, &parent.id)?.iter().map(DomainRow::view).collect();
            Ok::<_, ApiProblem>(Page { items, next_cursor: None })
        })
        .await??;
    Ok(ok_json(&page, None))
}

pub(crate) async fn get_domain(State(app): State<AppState>, caller: Caller, DomainId(id): DomainId) -> Answer {
    let domain = app
        .db
        .call(move |connection| {
            let (domain, _) = visible_domain(connection, &caller, &id)?;
            Ok::<_, ApiProblem>(domain.view())
        })
        .await??;
    Ok(ok_json(&domain, Some(domain.version)))
}

pub(crate) async fn add_domain(
    State(app): State<AppState>,
    caller: Caller,
    ParentId(id): ParentId,
    conditions: ActionConditions,
    body: JsonBody<NewDomain>,
) -> Answer {
    let request = WriteRequest::action(caller, &conditions, &body.bytes);
    let new_domain = body.value;
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| create_domain(connection, &request, &id, &new_domain))
        })
        .await?
}

fn create_domain(
    connection: &Connection,
    request: &WriteRequest,
    parent_id: &str,
    new_domain: &NewDomain,
) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (parent, access) = visible_parent(connection, caller, parent_id)?;
    require_manage(&access, "adding a domain")?;
    let name =
        DomainName::parse(&new_domain.name).map_err(|error| ApiProblem::invalid_field("name", error.to_string()))?;
    if let Some(existing) = find_domain_by_name(connection, &parent.id, name.as_str())? {
        let advice = match existing.status {
            DomainStatus::Failed => "; remove it first to add it again with a new token",
            DomainStatus::Pending | DomainStatus::Verified => "",
        };
        return Err(ApiProblem::conflict(format!(
            "{name} is already a domain of this parent organization ({}, {}){advice}",
            existing.id,
            existing.status.as_str()
        )));
    }
    if verified_by_another_parent(connection, name.as_str(), &parent.id)? {
        return Err(ApiProblem::conflict(format!(
            "{name} is verified by another parent organization; a domain can be verified by one parent organization only"
        )));
    }
    let domain = DomainRow {
        id: new_id(IdKind::Domain),
        parent_id: parent.id.clone(),
        txt_name: name.verification_record_name().to_string(),
        txt_value: verification_value(&new_verification_token()),
        name: name.into(),
        status: DomainStatus::Pending,
        created_at: now(),
        last_checked_at: None,
        verified_at: None,
        failure_reason: None,
        version: 1,
    };
    insert_domain(connection, &domain)?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &parent.id,
            actor: AuditActor::User(caller),
            action: "domain.create",
            resource_type: "domain",
            resource_id: &domain.id,
            before: None,
            after: Some(domain.audit_json()),
        },
    )?;
    Ok(Written::created(&domain.view(), domain.version))
}

/// What a verify request does before its transaction.
enum BeforeVerify {
    /// The stored answer to the same request.
    Replay(Response),
    /// Check this pending domain's DNS, then record the outcome.
    Check(DomainRow),
    /// No DNS check: the domain is not pending, or the request will be refused (the transaction
    /// gives and stores the refusal).
    NoCheck,
}

pub(crate) async fn verify_domain(
    State(app): State<AppState>,
    caller: Caller,
    DomainId(id): DomainId,
    conditions: ActionConditions,
) -> Answer {
    let request = WriteRequest::action(caller, &conditions, &[]);
    let before = {
        let (request, id) = (request.clone(), id.clone());
        app.db
            .call(move |connection| -> Result<BeforeVerify, ApiProblem> {
                if let Some(replay) = stored_answer(connection, &request)? {
                    return Ok(BeforeVerify::Replay(replay));
                }
                let Ok((domain, access)) = visible_domain(connection, &request.caller, &id) else {
                    return Ok(BeforeVerify::NoCheck);
                };
                if !access.can_manage() || domain.status != DomainStatus::Pending {
                    return Ok(BeforeVerify::NoCheck);
                }
                Ok(BeforeVerify::Check(domain))
            })
            .await??
    };
    // The DNS check runs outside any transaction: it may take seconds, and the database is not
    // held meanwhile.
    let outcome = match before {
        BeforeVerify::Replay(response) => return Ok(response),
        BeforeVerify::Check(domain) => Some(app.verifier.check(&domain).await),
        BeforeVerify::NoCheck => None,
    };
    let checked_at = now();
    let pending_expiry = app.verifier.pending_expiry();
    app.db
        .call(move |connection| {
            run_write(connection, &request, |connection| {
                record_verify(connection, &request, &id, outcome.as_ref(), checked_at, pending_expiry)
            })
        })
        .await?
}

fn record_verify(
    connection: &Connection,
    request: &WriteRequest,
    id: &str,
    outcome: Option<&CheckOutcome>,
    checked_at: ssodesk_model::Timestamp,
    pending_expiry: std::time::Duration,
) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (domain, access) = visible_domain(connection, caller, id)?;
    require_manage(&access, "verifying a domain")?;
    match domain.status {
        // Nothing to do: verification is for good.
        DomainStatus::Verified => return Ok(Written::new(&domain.view(), domain.version)),
        DomainStatus::Failed => {
            return Err(ApiProblem::conflict(format!(
            "{} stayed unverified too long and its token expired; remove the domain and add it again for a new token",
            domain.name
        )))
        }
        DomainStatus::Pending => {}
    }
    let Some(outcome) = outcome else {
        // The domain became visible or pending only after the check was skipped: a race with
        // another write. Nothing is stored for a 503, so the retry checks.
        let mut problem = ApiProblem::new(ProblemKind::Unavailable, "the domain changed during the check; try again");
        problem.retry_after_seconds = Some(1);
        return Err(problem);
    };
    let verified_elsewhere = verified_by_another_parent(connection, &domain.name, &domain.parent_id)?;
    let updated = after_check(&domain, outcome, checked_at, pending_expiry, verified_elsewhere, CheckedBy::Admin);
    if !update_checked_domain(connection, &updated, domain.version)? {
        return Err(ApiProblem::from(crate::ServerError::corrupt(
            "domain",
            "the row changed inside its own write transaction",
        )));
    }
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &domain.parent_id,
            actor: AuditActor::User(caller),
            action: "domain.verify",
            resource_type: "domain",
            resource_id: &domain.id,
            before: Some(domain.audit_json()),
            after: Some(updated.audit_json()),
        },
    )?;
    Ok(Written::new(&updated.view(), updated.version))
}

pub(crate) async fn delete_domain(
    State(app): State<AppState>,
    caller: Caller,
    DomainId(id): DomainId,
    conditions: WriteConditions,
) -> Answer {
    let request = WriteRequest::new(caller, &conditions, &[]);
    app.db
        .call(move |connection| run_write(connection, &request, |connection| remove_domain(connection, &request, &id)))
        .await?
}

fn remove_domain(connection: &Connection, request: &WriteRequest, id: &str) -> Result<Written, ApiProblem> {
    let caller = &request.caller;
    let (domain, access) = visible_domain(connection, caller, id)?;
    require_manage(&access, "removing a domain")?;
    if let Some(problem) = version_mismatch(request.if_match, domain.version, &domain.view()) {
        return Err(problem);
    }
    if domain.status == DomainStatus::Verified {
        let parent = find_parent(connection, &domain.parent_id)?
            .ok_or_else(|| crate::ServerError::corrupt("domain", format!("{} has no parent", domain.id)))?;
        if parent.disable_new_org_creation && verified_domain_count(connection, &parent.id)? == 1 {
            return Err(ApiProblem::conflict(format!(
                "{} is the parent's last verified domain and new organization creation is disabled, which needs one; turn that setting off first",
                domain.name
            )));
        }
    }
    delete_domain_row(connection, &domain.id)?;
    audit::append(
        connection,
        &NewAuditEvent {
            parent_id: &domain.parent_id,
            actor: AuditActor::User(caller),
            action: "domain.delete",
            resource_type: "domain",
            resource_id: &domain.id,
            before: Some(domain.audit_json()),
            after: None,
        },
    )?;
    Ok(Written::no_content())
}
