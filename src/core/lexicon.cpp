// The default lexicon of duplicate detection: how B2B software requests name
// the same thing. Each canonical word stands for the phrases listed; a
// config's [dedupe.synonyms] adds words and replaces a word's list.
//
// A phrase is matched after words are split (hyphens too: "two-factor" is
// "two factor") and stemmed, so one spelling covers its forms. Keep entries
// to phrases that mean the same need in any product; words that only share a
// component ("EU VAT", "GDPR erasure") must stay apart.
#include "reqtriage/similarity.hpp"

namespace reqtriage {

const std::map<std::string, std::vector<std::string>>& default_lexicon() {
  static const std::map<std::string, std::vector<std::string>> lexicon{
      {"sso",
       {"single sign on", "single signon", "single sign in", "singlesignon", "saml", "saml login", "saml sso",
        "azure ad login", "login with okta"}},
      {"mfa",
       {"2fa", "two factor", "twofactor", "multi factor", "multifactor", "two step", "two step verification",
        "2 step verification", "2 step", "2sv", "otp", "totp", "one time password", "authenticator app"}},
      {"rbac",
       {"role based access", "role based access control", "roles and permissions", "custom roles",
        "user roles", "permission levels", "granular permissions", "access roles"}},
      {"darkmode", {"dark mode", "night mode", "dark theme", "night theme", "dark ui"}},
      {"residency",
       {"data residency", "host our data", "data location", "data sovereignty", "data centers in",
        "data center in", "datacenter in", "store customer data in", "store our data in", "eu hosting",
        "eu region", "eu data center", "eu data centers"}},
      {"eu", {"europe", "european union", "european"}},
      {"ratelimit",
       {"rate limit", "rate limits", "rate limiting", "ratelimit", "throttling", "throttle", "api quota",
        "request quota", "quota"}},
      {"allowlist",
       {"allow list", "allowlist", "allowlisting", "whitelist", "whitelisting", "white list", "ip allow",
        "ip restriction", "ip restrictions", "ip range", "ip ranges", "ip address", "ip addresses"}},
      {"auditlog", {"audit log", "audit trail", "activity log", "audit history", "change log of admin"}},
      {"scim", {"user provisioning", "auto provision", "auto provisioning", "automatic provisioning", "deprovisioning"}},
      {"api", {"rest api", "public api", "api access", "open api"}},
      {"csv", {"comma separated", "comma separated values"}},
      {"xlsx", {"excel", "xls", "ms excel", "microsoft excel", "spreadsheet"}},
      {"i18n",
       {"internationalization", "internationalisation", "localization", "localisation", "localize", "localise",
        "l10n"}},
      {"webhook", {"web hook", "web hooks", "callback url", "outgoing webhook", "http callback"}},
      {"msteams", {"microsoft teams", "ms teams"}},
      {"sandbox", {"staging environment", "staging workspace", "test environment", "testing environment"}},
      {"digest", {"summary email", "email digest", "email summary", "weekly email"}},
      {"timeout", {"session timeout", "auto logout", "automatic logout", "idle timeout", "logout after inactivity"}},
      {"ios", {"iphone", "ipad", "iphone app", "ios app"}},
      {"recyclebin", {"recycle bin", "trash can", "restore deleted", "undelete", "undo delete"}},
      {"email", {"e mail"}},
      {"purchaseorder", {"purchase order", "po"}},
      {"approval", {"sign off", "signoff", "approve", "approver", "approval chain", "approval workflow"}},
      {"favorite", {"favourite", "bookmark", "starred"}},
      {"shortcut", {"hotkey", "hot key", "keyboard shortcut", "shortcut key", "key binding", "keybinding"}},
      {"impersonate", {"impersonation", "log in as", "login as", "act as user"}},
      {"magiclink", {"magic link", "passwordless", "password less", "emailed link", "email link"}},
      {"notification", {"alert", "notif"}},
      {"quickbooks", {"qbo", "quickbooks online", "qb online"}},
      {"dsar", {"data subject access request", "data subject request", "subject access request"}},
      {"esignature",
       {"e signature", "electronic signature", "sign electronically", "docusign", "digital signature", "e sign"}},
      {"fiscalyear", {"fiscal year", "fy", "financial year"}},
      {"outlook", {"office 365", "o365", "microsoft 365", "m365", "outlook calendar"}},
      {"dedupe", {"duplicate", "dedup", "deduplicate", "deduplication", "duplicated"}},
      {"bulk", {"mass", "in bulk", "many at once", "multiple at once"}},
      {"a11y", {"accessibility", "wcag", "screen reader", "accessible"}},
      {"statuspage", {"status page", "system status", "service health", "uptime page"}},
      {"timesheet", {"time sheet", "time tracking", "track hours", "track time", "hours worked", "log time"}},
      {"autosave", {"auto save", "save automatically", "automatic saving", "saved automatically"}},
      {"hipaa", {"baa", "business associate agreement", "phi", "patient data"}},
      {"multicurrency", {"multi currency", "multiple currencies", "local currency", "foreign currency"}},
      {"reorder", {"rearrange", "re order", "change the order"}},
      {"sharelink", {"public link", "share link", "shareable link", "sharable link", "public url"}},
      {"recurring", {"recurrence", "repeating", "repeat every"}},
  };
  return lexicon;
}

}  // namespace reqtriage
