# Generates src/main/resources/dev/secaudit/questionnaire/questions.yaml (kept in git as data).
Q = []
def q(id, topic, text, kw, claims="", checks="", caiq="", review=None):
    Q.append((id, topic, text, kw, claims, checks, caiq, review))

# --- encryption
q("ENC-01","encryption","Is data encrypted in transit over public networks?","tls / encrypt*|protect*|secure*|data","transport.*|tls.min_version|tls.inter_service","tls.protocols|https.redirect","CEK-03.1 IVS-03.1")
q("ENC-02","encryption","Which TLS versions are accepted, and are versions older than 1.2 refused?","tls / version*|1 2|1 3|protocol*|deprecated|older","tls.min_version","tls.protocols","CEK-04.1 IVS-03.1")
q("ENC-03","encryption","Is customer data encrypted at rest?","atrest","encryption.at_rest|encryption.database*|encryption.object_storage|encryption.*disk*","","CEK-03.1")
q("ENC-04","encryption","Are databases encrypted on disk?","atrest|encrypt* / database*|db","encryption.database*|encryption.at_rest","","CEK-03.1")
q("ENC-05","encryption","Is file or object storage encrypted?","atrest|encrypt* / object storage|file storage|bucket*|s3|blob*|files","encryption.object_storage|encryption.at_rest","","CEK-03.1")
q("ENC-06","encryption","Are backups encrypted?","encrypt* / backup","backups.encrypted|encryption.at_rest","","CEK-03.1 BCR-08.1")
q("ENC-07","encryption","Are HTTP requests redirected to HTTPS?","redirect*|upgrade* / tls|http","transport.https*","https.redirect|https.redirect_chain","IVS-03.1")
q("ENC-08","encryption","Do you send HTTP Strict Transport Security (HSTS)?","hsts","transport.https_hsts","hsts.*","IVS-03.1")
q("ENC-09","encryption","Are server certificates valid, trusted and renewed before they expire?","certificate* / valid*|trusted|expir*|renew*|issu*","tls.certificate*","tls.certificate.*","CEK-10.1")
q("ENC-10","encryption","Which cryptographic algorithms and key sizes are used?","algorithm*|cipher*|key size*|key length*|aes|rsa","tls.min_version","tls.protocols|tls.certificate.key|tls.certificate.signature","CEK-04.1")
q("ENC-11","encryption","Are encryption keys managed in a key management service?","kms|key management|hsm","encryption.provider_keys|secrets.encrypted|encryption.at_rest","","CEK-08.1 CEK-21.1")
q("ENC-12","encryption","Are encryption keys rotated on a schedule?","key* / rotat*","encryption.key_rotation","","CEK-12.1")
q("ENC-13","encryption","Are secrets and API tokens stored encrypted?","secret*|token*|credential*|api keys / encrypt*|vault|stored","secrets.encrypted|encryption.provider_keys|encryption.slack_tokens|secrets.management","","CEK-03.1 IAM-15.1")
q("ENC-14","encryption","Is traffic between internal services encrypted?","internal|inter service|between services|service to service|backend / encrypt*|tls","tls.inter_service|transport.end_to_end","","CEK-03.1 IVS-03.1")
q("ENC-15","encryption","Do you have an encryption and key management policy?","encrypt*|cryptograph* / policy|policies|standard","encryption.*","","CEK-01.1")
q("ENC-16","encryption","Is data exchanged with sub-processors encrypted in transit?","subprocessor|third part*|vendor* / tls|encrypt* / data|exchang*|traffic|connection*|communication*","tls.subprocessors|payments.stripe_tls","","CEK-03.1 STA-09.1")

# --- authentication
q("AUT-01","authentication","Is multi-factor authentication required for administrative access?","mfa / admin*|privileged|staff|employee*|production|infrastructure","access.mfa","","IAM-14.1")
q("AUT-02","authentication","Can customers enable multi-factor authentication for their accounts?","mfa / customer*|user*|account*|end user*","auth.customer_mfa|access.mfa","","IAM-14.1")
q("AUT-03","authentication","Are passwords stored using a slow, salted hash?","password / hashing|stored|store|storage|salt*","passwords.hashing","","IAM-15.1 CEK-03.1")
q("AUT-04","authentication","Do you enforce a minimum password length or complexity?","password / length|complex*|strength|strong|minimum|requirement*","passwords.min_length|passwords.policy","","IAM-02.1")
q("AUT-05","authentication","Do sessions expire after inactivity or a maximum lifetime?","session* / expir*|timeout*|time out|idle|inactiv*|lifetime","sessions.*|jwt.ttl","cookie.lifetime","IAM-16.1")
q("AUT-06","authentication","Are session cookies marked Secure, HttpOnly and SameSite?","cookie* / secure|httponly|http only|samesite|same site|flag*|attribute*","sessions.cookies","cookie.*","AIS-04.1")
q("AUT-07","authentication","Do you support single sign-on?","sso","auth.sso","","IAM-14.1")
q("AUT-08","authentication","Are API keys stored hashed rather than in plain text?","api keys / hashing / stored|store|plain*|storage","apikeys.hashing","","IAM-15.1")
q("AUT-09","authentication","Is SSH access to servers by key only, with passwords disabled?","ssh","ssh.keys_only","","IAM-14.1")
q("AUT-10","authentication","Are login attempts rate limited or accounts locked after repeated failures?","login*|sign in|authentication|brute force / ratelimit|lock*|failed attempt*|brute force","ratelimit.auth|ratelimit.registration","ratelimit.*","IAM-02.1")
q("AUT-11","authentication","Are credentials ever written to logs?","password|credential* / log|logs|logged|logging","passwords.not_logged|logs.no_sensitive_data","","LOG-07.1 IAM-15.1")
q("AUT-12","authentication","Do staff use a password manager?","password manager*","passwords.manager","","IAM-15.1")
q("AUT-13","authentication","Can a user sign out of every session at once?","sign out|log out|logout|revoke / session*|device*|everywhere|all","sessions.sign_out_all","","IAM-07.1")
q("AUT-14","authentication","Do one-time login links expire quickly?","magic link*|one time|login link*|email link* / expir*|valid","magiclinks.expiry","","IAM-16.1")
q("AUT-15","authentication","Is every user uniquely identified, with no shared accounts?","unique*|shared account*|shared login*|generic account*","access.unique_accounts","","IAM-13.1")
q("AUT-16","authentication","Do you have an authentication and password policy?","password|authentication / policy|policies","passwords.*","","IAM-02.1 IAM-01.1")

# --- access control
q("ACC-01","access-control","Is access granted on least privilege?","leastprivilege","access.least_privilege|worker.least_privilege|access.founders_only","","IAM-05.1")
q("ACC-02","access-control","Do you use role-based access control?","rbac|role* / access|permission*|rbac","access.rbac|authz.rbac","","IAM-16.1 IAM-04.1")
q("ACC-03","access-control","Is access to production limited to a small set of named people?","access / production|customer data|customerdata|servers / limited|restricted|restrict*|who|named|few","access.founders_only|access.support_only|access.least_privilege","","IAM-05.1 IAM-09.1")
q("ACC-04","access-control","Are user access rights reviewed periodically?","access / review*|recertif*|audit*","access.periodic_review","","IAM-08.1")
q("ACC-05","access-control","Is access removed promptly when someone leaves or changes role?","access / remov*|revok*|deprovision*|offboard* / leave*|leaver*|chang*|promptly|timely","access.deprovisioning|apikeys.revocation","","IAM-07.1")
q("ACC-06","access-control","Is every request authorised server-side?","authori* / every request|server side|each request|api","authz.every_request|app.auth_gated","","IAM-16.1 AIS-04.1")
q("ACC-07","access-control","Is customer data isolated between tenants?","tenant*|workspace*|customers / isolat*|segregat*|separat*|scope*","authz.workspace_scope|authz.rls|apikeys.workspace_scope","","DSP-17.1 IVS-06.1")
q("ACC-08","access-control","Can API keys be scoped to limited permissions?","api key*|api token* / scope*|permission*|limited","apikeys.scoped|apikeys.workspace_scope","","IAM-16.1")
q("ACC-09","access-control","Can API keys be revoked at any time?","api key*|api token*|credential* / revok*|rotat*|disabl*","apikeys.revocation","","IAM-07.1")
q("ACC-10","access-control","Can support staff see customer data only when a customer asks?","support / access|see|view / customerdata|data|account*","access.support_only","","IAM-11.1")
q("ACC-11","access-control","Are privileged roles separated from everyday accounts?","privileged / separat*|segregat*|distinct|dedicated","access.privileged","","IAM-09.1 IAM-10.1")
q("ACC-12","access-control","Do you have an access control policy?","access control|identity and access|iam / policy|policies","access.*|authz.*","","IAM-01.1")
q("ACC-13","access-control","Is the application behind authentication, with nothing sensitive public?","unauthenticated|public|anonymous|behind authentication|behind login / access|endpoint*|page*|application|app|sensitive","app.auth_gated","","IAM-16.1")
q("ACC-14","access-control","Is data handled according to its classification?","classif*","classification.*","","DSP-04.1 DCS-05.1")

# --- network
q("NET-01","network","Do you use a web application firewall?","waf","edge.cloudflare|network.waf","","IVS-09.1")
q("NET-02","network","Are you protected against denial-of-service attacks?","ddos","edge.cloudflare|network.ddos","","IVS-09.1 BCR-11.1")
q("NET-03","network","Are production and non-production environments separated?","production / non production|staging|test|development|dev / separat*|segregat*|isolat*","env.isolation","","IVS-05.1")
q("NET-04","network","Is the network segmented and are firewalls in place?","firewall*|segment*","env.isolation|network.firewall","","IVS-06.1 IVS-03.1")
q("NET-05","network","Is traffic filtered at the edge or through a CDN?","cdn|edge|reverse proxy|proxy","edge.cloudflare","","IVS-09.1")
q("NET-06","network","Is there a network architecture diagram?","network / diagram*|architecture|topology","network.documentation","","IVS-08.1")
q("NET-07","network","Are servers hardened before use?","harden*|baseline configuration|cis benchmark*","network.hardening","","IVS-04.1")
q("NET-08","network","Are remote administration ports closed to the internet?","ssh|rdp|remote admin*|administration port*|admin port*|management port* / internet|public|exposed|closed","ssh.keys_only|network.firewall","","IVS-03.1")
q("NET-09","network","Do you have a network security policy?","network / policy|policies","env.isolation|edge.*","","IVS-01.1")

# --- application security
q("APP-01","application-security","Do you follow a secure development lifecycle?","secure development|sdlc|secure coding|secure software","appsec.*","","AIS-04.1 AIS-01.1")
q("APP-02","application-security","Are you protected against the OWASP Top 10?","owasp","appsec.owasp_top10|appsec.injection","","AIS-04.1")
q("APP-03","application-security","Is the application protected against injection attacks such as SQL injection and XSS?","injection|xss|cross site scripting|sqli","appsec.injection|appsec.owasp_top10","csp.*","AIS-04.1")
q("APP-04","application-security","Do you send a Content Security Policy?","csp","headers.security","csp.*","AIS-04.1")
q("APP-05","application-security","Do responses carry the recommended security headers?","security headers|http headers|response headers|x frame options|x content type options","headers.security","header.*|csp.header|hsts.header","AIS-04.1")
q("APP-06","application-security","Is clickjacking prevented?","clickjack*|framing|frame ancestors|x frame options","headers.security","header.framing","AIS-04.1")
q("APP-07","application-security","Are API requests rate limited?","ratelimit","ratelimit.*","ratelimit.*","AIS-04.1 IVS-09.1")
q("APP-08","application-security","Are cross-site request forgery attacks prevented?","csrf|xsrf|cross site request forgery","csrf.protection","cookie.same_site","AIS-04.1")
q("APP-09","application-security","Is cross-origin resource sharing restricted?","cors|cross origin","headers.security","cors.origin","AIS-04.1")
q("APP-10","application-security","Is input validated at every API boundary?","input / validat*|sanitiz*|sanitis*","processing.integrity|appsec.injection","","AIS-04.1")
q("APP-11","application-security","Are webhooks signed so receivers can verify them?","webhook*","webhooks.signing","","AIS-04.1")
q("APP-12","application-security","Are secrets kept out of source code and scanned for?","secret* / source code|repositor*|git|commit*|scan*|hardcod*|hard cod*","secrets.not_in_git|change.secret_scanning|secrets.management","","AIS-04.1")
q("APP-13","application-security","Is security testing automated in the build pipeline?","sast|dast|static analysis|dynamic analysis|security test*|automated test* / pipeline|cicd|build|automat*|deploy*","vuln.deploy_scanning|change.ci|dependencies.scanning","","AIS-05.1")
q("APP-14","application-security","Are operations idempotent so retries do not duplicate effects?","idempoten*","appsec.idempotency|processing.integrity","","AIS-04.1")
q("APP-15","application-security","Do server responses avoid revealing software versions?","version* / banner*|header*|disclos*|reveal*|leak*","headers.security","header.info_leak","AIS-04.1 IVS-04.1")

# --- logging and monitoring
q("LOG-01","logging-monitoring","Are security-relevant events logged?","auditlog|logging|logged|logs / security|event*|access|admin*","audit.events|monitoring.*|logs.*","","LOG-08.1 LOG-07.1")
q("LOG-02","logging-monitoring","Are audit logs protected from tampering?","auditlog|logs / tamper*|immutable|integrity|protect*|append only|write once","audit.immutable","","LOG-02.1 LOG-09.1")
q("LOG-03","logging-monitoring","Is the infrastructure monitored with alerting?","monitoring / infrastructure|system*|service*|uptime|health|availability","monitoring.*","","LOG-03.1")
q("LOG-04","logging-monitoring","Are logs kept free of personal data and request bodies?","logs|logging / pii|sensitive|personal|bodies|body|content","logs.no_sensitive_data|logs.no_personal_content|logs.no_bodies","","LOG-07.1 DSP-17.1")
q("LOG-05","logging-monitoring","Are API key and account activities logged?","api key*|account|user / activit*|usage / log*|auditlog|record*","apikeys.activity_logged|audit.events|monitoring.usage","","LOG-11.1")
q("LOG-06","logging-monitoring","Can customers export their audit logs?","auditlog|logs / export*|download*|access|available to customer*","audit.retention_export","","LOG-04.1")
q("LOG-07","logging-monitoring","Are application errors tracked centrally?","error* / track*|sentry|central*|aggregat*|exception*","monitoring.sentry|logs.structured","","LOG-13.1")
q("LOG-08","logging-monitoring","Are logs structured and centralised?","log*|logs / structured|central*|siem|aggregat*","logs.structured","","LOG-01.1 LOG-05.1")
q("LOG-09","logging-monitoring","Are system clocks synchronised?","clock*|time / sync*|ntp","monitoring.clock_sync","","LOG-06.1")
q("LOG-10","logging-monitoring","Do you have a logging and monitoring policy?","logging|monitoring|logs / policy|policies","logs.*|monitoring.*","","LOG-01.1")

# --- data retention
q("RET-01","data-retention","Do you have a data retention policy with defined periods?","retention / policy|policies|period*|schedule|defined|how long","retention.*|logs.retention|audit.retention_export","","DSP-16.1")
q("RET-02","data-retention","Is customer data deleted when the contract ends?","deletion / contract|termination|terminat*|end of|account closure|cancel*|leave","deletion.on_demand|data.account_deletion|privacy.deletion","","DSP-16.1 DSP-02.1")
q("RET-03","data-retention","Can customers request deletion of their data?","deletion / request*|on demand|customer*|user*","deletion.on_demand|data.account_deletion|privacy.deletion","","DSP-11.1")
q("RET-04","data-retention","How long are logs kept?","logs|logging|auditlog / retention|how long|kept|rotat*","logs.retention|logs.rotation|audit.retention_export","","LOG-02.1 DSP-16.1")
q("RET-05","data-retention","Is retention enforced automatically rather than by hand?","retention|deletion / automat*|cleanup|clean up|job*","retention.automatic_cleanup|retention.*","","DSP-16.1")
q("RET-06","data-retention","Are uploaded files processed transiently and not stored?","transient*|not stored|not persist*|ephemeral|in memory","processing.transient_images|transcripts.not_persisted","","DSP-16.1 DSP-12.1")
q("RET-07","data-retention","Is data disposed of securely so it cannot be recovered?","dispos*|destr*|wip*|sanitiz*|sanitis* / secure*|media|data|unrecover*","deletion.*|retention.*","","DSP-02.1 DCS-01.1")
q("RET-08","data-retention","Are generated reports and exports deleted after a set time?","report*|export*|generated|files / deletion|expir*|retention","retention.pdf_reports","","DSP-16.1")

# --- data protection
q("DAT-01","data-protection","Do you keep an inventory of the data you hold?","data / inventory|catalog*|map*|record*","data.inventory","","DSP-03.1")
q("DAT-02","data-protection","Is payment card data handled by a PCI-compliant provider and never stored by you?","card*|payment*|pci","payments.*","","DSP-17.1")
q("DAT-03","data-protection","Do employees keep copies of customer data on their own devices?","customerdata|data / laptop*|local|device*|endpoint*|copies|copy","data.no_local_copies","","DSP-17.1 UEM-08.1")
q("DAT-04","data-protection","Is production data kept out of test environments?","production data|real data|customerdata / test*|staging|development|non production","data.no_production_in_test|env.isolation","","DSP-15.1")
q("DAT-05","data-protection","Where is customer data stored and processed?","datalocation|where / stored|store|host*|process*|located","data.location|hosting.*","","DSP-19.1")
q("DAT-06","data-protection","Do you document how data flows through your systems?","data flow*|dataflow*","data.flows","","DSP-05.1")
q("DAT-07","data-protection","What data stores hold customer data?","database*|data store*|storage / customerdata|what|which","storage.*","","DSP-03.1")
q("DAT-08","data-protection","Can customers export their data?","export*|portab*|download* / data|their|customerdata","privacy.export","","IPY-01.1 DSP-11.1")
q("DAT-09","data-protection","Would a data breach expose identifiable personal data?","breach / identif*|exposure|expose|impact","breach.no_identifiable_data","","DSP-17.1")

# --- backups
q("BAK-01","backups","Is data backed up regularly?","backup","backups.*","","BCR-08.1")
q("BAK-02","backups","Are restores from backup tested?","backup / restor*|recover* / test*|exercis*|verif*","backups.restore*","","BCR-08.2 BCR-10.1")
q("BAK-03","backups","Is point-in-time recovery available?","point in time|pitr|continuous","backups.point_in_time|backups.continuous","","BCR-08.1")
q("BAK-04","backups","Are backups stored in a separate location?","backup / separate|offsite|off site|different|region*|location","backups.offsite","","BCR-08.1 BCR-11.1")
q("BAK-05","backups","What are your recovery time and recovery point objectives?","rto|rpo|recovery time|recovery point","backups.*","","BCR-02.1")
q("BAK-06","backups","Do you have a business continuity and disaster recovery plan?","continuity","backups.restore*|continuity.plan","","BCR-01.1 BCR-09.1")
q("BAK-07","backups","Are systems built with redundancy to avoid single points of failure?","redundan*|failover|high availability|single point*","continuity.redundancy","","BCR-11.1")

# --- vendors
q("VEN-01","vendors","Do you publish a list of your sub-processors?","subprocessor / list|publish*|who|which|name*","subprocessors.list","","DSP-14.1 STA-07.1")
q("VEN-02","vendors","Do you notify customers before adding a sub-processor?","subprocessor|vendor* / notif*|inform*|change*|new","subprocessors.list|subprocessors.obligations","","DSP-14.1")
q("VEN-03","vendors","Are vendors assessed for security before they are used?","vendor*|supplier*|third part* / assess*|review*|due diligence|evaluat*|select*","vendors.assessment|vendors.selection","","STA-08.1 STA-14.1")
q("VEN-04","vendors","Do sub-processors sign data protection terms?","subprocessor|vendor*|supplier* / dpa|contract*|agreement*|obligation*|terms","subprocessors.obligations","","STA-09.1 DSP-13.1")
q("VEN-05","vendors","Which cloud or hosting provider do you use?","hosting|cloud provider|hosted|iaas|paas|infrastructure provider","hosting.*","","STA-07.1")
q("VEN-06","vendors","Is customer data used to train AI models?","train*|learn* / ai|model*|ml|machine learning|llm","ai.no_training","","DSP-12.1")
q("VEN-07","vendors","Which AI or LLM providers process customer data?","ai|llm|language model|openai|mistral / provider*|vendor*|subprocessor|process*","ai.*","","STA-07.1 DSP-13.1")
q("VEN-08","vendors","Do you keep an inventory of suppliers?","supplier*|vendor* / inventory|list|register","subprocessors.list","","STA-07.1")
q("VEN-09","vendors","Do you review vendors' security posture periodically?","vendor*|supplier*|subprocessor / review*|assess*|monitor*|posture / periodic*|annual*|regular*|ongoing|continuous*","vendors.documented_posture|vendors.assessment","","STA-13.1")

# --- incident response
q("INC-01","incident-response","Do you have a documented incident response plan?","incidentresponse|incident* / plan|procedure*|process","incident.procedure","","SEF-03.1 SEF-01.1")
q("INC-02","incident-response","Will you notify customers of a personal data breach within 72 hours?","breach|incident* / notif*|inform*|tell","incident.breach_notification|breach.notification*|incident.notification","","SEF-07.1")
q("INC-03","incident-response","Is the incident response plan tested?","incidentresponse|incident* / plan|procedure*|process|incidentresponse / test*|exercis*|tabletop|drill*","incident.tested","","SEF-04.1")
q("INC-04","incident-response","Do you have response times per incident severity?","incident* / severity|sla|response time*|priority|p0|p1","incident.sla_*","","SEF-06.1 SEF-05.1")
q("INC-05","incident-response","Is there a status page for availability incidents?","status page|outage*|downtime|availability incident*","status.availability_incidents","","SEF-08.1")
q("INC-06","incident-response","What will a breach notification contain?","breach*|incident* / notif* / content|contain|include|detail*","breach.notification_content","","SEF-07.1")
q("INC-07","incident-response","Do you keep contacts with authorities for incident reporting?","authorit*|regulator*|supervisory|cert / contact*|report*|notif*","incident.breach_notification|breach.notification_72h","","SEF-08.1")

# --- vulnerability management
q("VUL-01","vulnerability-management","Are dependencies scanned for known vulnerabilities?","vulnscan|dependenc*|librar*|third party code / vulnerab*|cve*|scan*|audit*","dependencies.*|vuln.deploy_scanning","","TVM-05.1 TVM-07.1")
q("VUL-02","vulnerability-management","Do you run regular third-party penetration tests?","pentest","pentest.*","","TVM-06.1 A&A-02.1")
q("VUL-03","vulnerability-management","Are security patches applied within a defined time?","patching","patching.*","","TVM-03.1 UEM-07.1")
q("VUL-04","vulnerability-management","Do you have a vulnerability disclosure policy or security contact?","vulnerability disclosure|responsible disclosure|coordinated disclosure|security txt|report* a vulnerabilit*|security contact","disclosure.*","security_txt.*","TVM-01.1 SEF-08.1")
q("VUL-05","vulnerability-management","Do you run a bug bounty program?","bug bounty|bounty|hackerone|bugcrowd","bugbounty.*","","TVM-07.1")
q("VUL-06","vulnerability-management","How quickly do you respond to reported vulnerabilities?","vulnerab* / report*|disclos* / respon*|acknowledg*|time|how quickly","disclosure.response|disclosure.acknowledgement","","TVM-03.1 TVM-08.1")
q("VUL-07","vulnerability-management","Are vulnerabilities prioritised by severity?","vulnerab* / prioriti*|severity|risk rating|cvss","dependencies.*|patching.*","","TVM-08.1")
q("VUL-08","vulnerability-management","Are the external endpoints scanned for vulnerabilities?","scan*|vulnscan / vulnerab*|vulnscan / external|endpoint*|network|infrastructure|automat*","vuln.deploy_scanning","","TVM-07.1")
q("VUL-09","vulnerability-management","Is malware protection in place?","malware|anti virus|antivirus|edr|endpoint protection","vuln.malware","","TVM-02.1 UEM-09.1")
q("VUL-10","vulnerability-management","Are dependencies kept minimal and pinned?","dependenc* / pinned|pin*|lock*|minimal|few","dependencies.pinned|dependencies.minimal","","TVM-05.1")

# --- change management
q("CHG-01","change-management","Are code changes reviewed before they are merged?","codereview|review* / code|change*|merg*|pull*|codereview","change.pr_review","","CCC-01.1 AIS-04.1")
q("CHG-02","change-management","Do changes pass automated tests before deployment?","change*|code|release* / test* / automat*|before|pass*|cicd","change.ci|deploy.automated","","CCC-02.1")
q("CHG-03","change-management","Are deployments automated and staged?","deploy* / automat*|staged|canary|gradual|pipeline","deploy.automated|change.staged_deployments","","CCC-03.1 AIS-06.1")
q("CHG-04","change-management","Can a change be rolled back quickly?","rollback|roll back|rolled back|revert*|back out","change.rollback","","CCC-09.1")
q("CHG-05","change-management","Do you have a change management process?","changemanagement","change.*","","CCC-01.1")
q("CHG-06","change-management","Are database schema changes versioned and reviewed?","migration*|schema / change*|migration* / version*|review*|track*|control*","change.migrations","","CCC-03.1")
q("CHG-07","change-management","Are unauthorised changes to production prevented and detected?","unauthori* / change*|modif*","change.pr_review|change.ci","","CCC-04.1 CCC-07.1")

# --- compliance
q("CMP-01","compliance","Do you hold a SOC 2 Type II report?","soc2","compliance.soc2*","","A&A-02.1")
q("CMP-02","compliance","Are you ISO 27001 certified?","iso27001","compliance.iso27001|compliance.certification","","A&A-02.1")
q("CMP-03","compliance","Which security certifications or attestations do you hold?","certif*|attestation*|accredit* / security|hold|which|do you have","compliance.*","","A&A-02.1 GRC-07.1")
q("CMP-04","compliance","Do you have an information security program with named owners?","information security / program*|programme*|policy|policies|management system|isms","program.*|compliance.*","","GRC-05.1 GRC-01.1")
q("CMP-05","compliance","Are security policies reviewed at least annually?","polic* / review*|updat* / annual*|yearly|regular*|periodic*","program.review|program.continuous_improvement","","GRC-03.1")
q("CMP-06","compliance","Do you perform risk assessments?","risk / assessment*|management|analysis","program.risk","","GRC-02.1")
q("CMP-07","compliance","Are independent audits performed?","independent|external|third party / audit*|assessment*","compliance.soc2*|pentest.external","","A&A-02.1")
q("CMP-08","compliance","Do you offer a data processing agreement?","dpa","dpa.available","","DSP-13.1 STA-09.1")
q("CMP-09","compliance","Are you registered with the data protection authority?","ico|data protection authority|supervisory authority|regist*","compliance.ico_registration","","GRC-07.1")
q("CMP-10","compliance","Do you document the shared responsibility between you and your customers?","shared responsibilit*|responsibility model|customer responsibilit*|user responsibilit*","limitations.user_responsibilities","","STA-01.1 GRC-06.1")

# --- privacy
q("PRV-01","privacy","Are you GDPR compliant?","gdpr","privacy.gdpr_ready|compliance.*gdpr*","","DSP-01.1 GRC-07.1")
q("PRV-02","privacy","Do you collect only the personal data you need?","minimi*|minimum|only|need*|necessary / pii|data / collect*|minimi*|process*|hold","data.minimisation|privacy.minimisation|data.pii_email_only","","DSP-07.1 DSP-12.1")
q("PRV-03","privacy","Is personal data anonymised or pseudonymised?","anonymi*|anonymis*|pseudonym*|scrub*|redact*|mask*","pii.*|data.prompts_anonymised","","DSP-07.1 DSP-17.1")
q("PRV-04","privacy","Can data subjects access, correct and delete their personal data?","data subject*|dsar|right to|access request* / access|rectif*|correct*|deletion|erasure|export","privacy.*|deletion.on_demand","","DSP-11.1")
q("PRV-05","privacy","Is personal data used only for the purposes it was collected for?","purpose* / pii|data / used|use|process*|collect*|limit*","privacy.purpose","","DSP-12.1")
q("PRV-06","privacy","Do you perform data protection impact assessments?","dpia|impact assessment*|privacy impact","privacy.dpia","","DSP-09.1")
q("PRV-07","privacy","Is privacy designed in by default?","privacy by design|by default|data protection by design","privacy.*","","DSP-07.1 DSP-08.1")
q("PRV-08","privacy","Is personal data transferred outside the EU?","transfer* / outside|international|abroad|third countr*|eu|eea","data.location","","DSP-10.1 DSP-19.1")
q("PRV-09","privacy","Do you manage user consent?","consent","privacy.gdpr_ready|privacy.consent","","DSP-12.1")

# --- questions only a person may answer (matched so that reviewers see why)
q("REV-01","compliance","Do you carry cyber liability insurance?","insurance|insured|insurer","","","", "insurance")
q("REV-02","incident-response","Have you had a security breach in the past years?","breach*|incident*|compromise* / past|ever|previous*|last|history","","","", "breach-history")
q("REV-03","compliance","Are there pending lawsuits or regulatory actions against you?","lawsuit*|litigation|legal proceeding*|regulatory action*","","","", "legal")
q("REV-04","compliance","Do employees undergo background checks?","background / check*|screen*","","","HRS-01.1", "hr")
q("REV-05","compliance","Do staff receive security awareness training?","awareness|training","","","HRS-11.1", "hr")
q("REV-06","compliance","Do employees sign confidentiality agreements?","nda|non disclosure|confidentiality agreement*","","","HRS-10.1", "hr")
q("REV-07","compliance","How is physical access to facilities controlled?","physical / access|security|facilit*|office*","","","DCS-07.1 DCS-09.1", "physical")
q("REV-08","compliance","Are data centres protected by surveillance and environmental controls?","data center*|data centre*|datacenter*|cctv|surveillance","","","DCS-10.1 DCS-13.1", "physical")
q("REV-09","compliance","What is your limitation of liability and indemnification?","liabilit*|indemni*","","","", "legal")
q("REV-10","compliance","Have you been subject to a government or law enforcement data request?","law enforcement|government request*|subpoena*|court order*","","","", "legal")
q("REV-11","compliance","What happens to employee access and equipment on termination of employment?","employment|employee* / terminat*|offboard*|leav*","","","HRS-05.1 HRS-06.1", "hr")
q("REV-12","compliance","Do you have an acceptable use policy for employees?","acceptable use","","","HRS-02.1", "hr")
q("REV-13","compliance","Are endpoint devices managed and encrypted?","endpoint*|laptop*|workstation*|mobile device* / managed|management|mdm|encrypt*","","","UEM-01.1 UEM-08.1", "hr")

SYN = {
 "mfa": ["mfa","2fa","two factor","2 factor","multi factor","multifactor","two step","2 step","second factor","strong authentication","otp","totp"],
 "tls": ["tls","ssl","https","in transit","transport layer security","transport encryption"],
 "atrest": ["at rest","on disk","in storage","while stored","when stored","disk encryption","storage encryption","encrypted storage","encrypted disks","volume encryption","full disk encryption"],
 "sso": ["sso","single sign on","saml","oidc","openid connect"],
 "pentest": ["penetration test","pentest","pentests","pen test","pen tests","penetration tests","penetration testing","ethical hacking"],
 "vulnscan": ["vulnerability scan","vulnerability scans","vulnerability scanning","vuln scan","vuln scanning","sca","software composition analysis"],
 "backup": ["backup","backups","back up","back ups","backed up","snapshot","snapshots"],
 "subprocessor": ["subprocessor","subprocessors","sub processor","sub processors","subcontractor","subcontractors","sub contractor","sub contractors","third party processors"],
 "auditlog": ["audit log","audit logs","audit logging","audit trail","audit trails","activity log","activity logs","event log","event logs"],
 "incidentresponse": ["incident response","incident management","incident handling","ir plan"],
 "continuity": ["business continuity","disaster recovery","bcp","drp","dr plan","bcdr"],
 "hsts": ["hsts","strict transport security"],
 "csp": ["csp","content security policy"],
 "ratelimit": ["rate limit","rate limits","rate limited","rate limiting","ratelimit","ratelimiting","throttling","throttled","throttle"],
 "rbac": ["rbac","role based access control","role based access","role based"],
 "leastprivilege": ["least privilege","least privileged","need to know","minimum necessary access","minimal access"],
 "password": ["password","passwords","passphrase","passphrases"],
 "hashing": ["hashing","hashed","hash","hashes","bcrypt","argon2","scrypt","pbkdf2"],
 "dpa": ["dpa","data processing agreement","data processing addendum"],
 "retention": ["retention","retain","retained","retaining"],
 "deletion": ["deletion","delete","deletes","deleted","erase","erased","erasure","purge","purged"],
 "soc2": ["soc 2","soc2","soc ii","soc 2 type ii","soc 2 type 2","soc 2 type 1","soc 2 type i"],
 "iso27001": ["iso 27001","iso27001","iso iec 27001","iso 27001 2022","iso 27001 2013"],
 "gdpr": ["gdpr","general data protection regulation","uk gdpr"],
 "pii": ["personal data","pii","personally identifiable information","personal information"],
 "customerdata": ["customer data","client data","user data","tenant data"],
 "changemanagement": ["change management","change control","change process"],
 "codereview": ["code review","code reviews","code reviewed","peer review","peer reviewed","pull request","pull requests","merge request","merge requests","four eyes"],
 "cicd": ["ci","cd","ci cd","continuous integration","continuous delivery","continuous deployment","build pipeline"],
 "monitoring": ["monitoring","monitor","monitored","alerting","alerts"],
 "patching": ["patch","patches","patching","patched","security updates"],
 "waf": ["waf","web application firewall"],
 "ddos": ["ddos","denial of service","dos protection","dos attacks"],
 "datalocation": ["data residency","data location","data localisation","data localization","data sovereignty"],
 "api keys": ["api key","api keys","api token","api tokens","access token","access tokens"],
}

RULES = [
 ("breach-history", "breach*|compromise*|hacked|security incident*|data leak* / past|ever|previous*|prior|history|last|experienced|suffered|occurred|had any"),
 ("insurance", "insurance|insured|insurer|cyber liability"),
 ("legal", "litigation|lawsuit*|legal proceeding*|legal action*|indemni*|limitation of liability|subpoena*|court order*|law enforcement|government request*|regulatory action*"),
 ("hr", "background check*|background screening|security awareness|awareness training|employee training|staff training|onboarding|offboarding|disciplinary|nda|non disclosure|confidentiality agreement*|hiring|employment|acceptable use"),
 ("physical", "physical security|physical access|data center*|data centre*|datacenter*|cctv|surveillance|visitor*|premises|badge*|security guard*"),
]

def kw(s):
    return [[a.strip() for a in g.split("|")] for g in s.split(" / ")]

def ylist(xs):
    return "[" + ", ".join(yq(x) for x in xs) + "]"

def yq(s):
    return '"' + s.replace('\\','\\\\').replace('"','\\"') + '"'

out = []
out.append("# secaudit question bank: our own paraphrased questions, each tied to the policy claims (id globs)")
out.append("# and checks (check-id globs) that answer it, and to CSA CAIQ question ids (v4.0 and v4.1).")
out.append("# CAIQ ids only: CSA's licence forbids redistributing its question text (REFERENCE §8); the")
out.append("# customer's sheet supplies that text at run time. v4.1 renamed the IVS domain to I&S.")
out.append("# Keywords: every group must occur in the normalised question; any alternative of a group will")
out.append("# do; a trailing * matches a word's ending; synonyms are folded first (2FA -> mfa, SSL -> tls).")
out.append("# Generated by bench/genbank.py; edit there.")
out.append("synonyms:")
for k, v in SYN.items():
    out.append(f"  {yq(k)}: {ylist(v)}")
out.append("review_rules:")
for r, k in RULES:
    out.append(f"  - reason: {r}")
    out.append(f"    keywords: [{', '.join(ylist(g) for g in kw(k))}]")
out.append("questions:")
for (id, topic, text, k, claims, checks, caiq, review) in Q:
    c40 = caiq.split() if caiq else []
    c41 = [x.replace("IVS-", "I&S-") for x in c40]
    out.append(f"  - id: SQ-{id}")
    out.append(f"    topic: {topic}")
    out.append(f"    question: {yq(text)}")
    out.append(f"    keywords: [{', '.join(ylist(g) for g in kw(k))}]")
    if claims: out.append(f"    claims: {ylist(claims.split('|'))}")
    if checks: out.append(f"    checks: {ylist(checks.split('|'))}")
    if c40: out.append(f"    caiq40: {ylist(c40)}")
    if c41: out.append(f"    caiq41: {ylist(c41)}")
    if review: out.append(f"    review: {review}")
import sys
open(sys.argv[1], "w").write("\n".join(out) + "\n")
print(len(Q), "questions")
