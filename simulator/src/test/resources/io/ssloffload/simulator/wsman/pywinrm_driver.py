"""Drives the simulator's WinRM endpoint with the real pywinrm; prints one JSON object.

Usage: pywinrm_driver.py SCENARIO, with WSMAN_URL, WSMAN_USER, WSMAN_PASSWORD, optionally
WSMAN_TRANSPORT (default basic) and, for HTTPS, WSMAN_CA (a PEM file) in the environment; the cas-* scenarios also use ADMIN_URL (the simulator's
admin endpoint). The password never appears on the command line.
"""
import base64
import json
import os
import re
import sys
import urllib.request

import winrm
from winrm.exceptions import InvalidCredentialsError, WinRMError, WinRMOperationTimeoutError, WinRMTransportError


def protocol(**kwargs):
    options = dict(transport=os.environ.get('WSMAN_TRANSPORT', 'basic'), username=os.environ['WSMAN_USER'], password=os.environ['WSMAN_PASSWORD'])
    options.update(kwargs)
    return winrm.Protocol(os.environ['WSMAN_URL'], **options)


def run(p, shell_id, command, arguments=()):
    command_id = p.run_command(shell_id, command, arguments)
    stdout, stderr, code = p.get_command_output(shell_id, command_id)
    p.cleanup_command(shell_id, command_id)
    return {'stdout': stdout.hex(), 'stderr': stderr.hex(), 'exitCode': code}


def scenario_commands():
    p = protocol()
    shell_id = p.open_shell(working_directory='C:\\PyWork', env_vars={'PYVAR': 'from python'})
    result = {
        'env': run(p, shell_id, 'testprog', ['env', 'PYVAR']),
        'cd': run(p, shell_id, 'cd'),
        'stderr': run(p, shell_id, 'testprog stderr', ['broken']),
        'exit': run(p, shell_id, 'testprog exit 5'),
        'cp437': run(p, shell_id, 'echo', ['\u00e9\u2554']),
        'tooLong': run(p, shell_id, 'echo ' + 'b' * 8200),
    }
    p.close_shell(shell_id)
    return result


def scenario_timeout_retry():
    p = protocol(operation_timeout_sec=1, read_timeout_sec=5)
    shell_id = p.open_shell()
    result = run(p, shell_id, 'testprog sleep 2500')
    p.close_shell(shell_id)
    return result


def scenario_bad_password():
    p = protocol(password='wrong-password')
    try:
        p.open_shell()
    except InvalidCredentialsError as e:
        return {'error': type(e).__name__}
    return {'error': None}


def scenario_https():
    p = protocol(transport='ssl', server_cert_validation='validate', ca_trust_path=os.environ['WSMAN_CA'])
    shell_id = p.open_shell()
    result = run(p, shell_id, 'echo over tls')
    p.close_shell(shell_id)
    return result


def scenario_signal_hang():
    p = protocol(operation_timeout_sec=1, read_timeout_sec=5)
    shell_id = p.open_shell()
    command_id = p.run_command(shell_id, 'testprog hang')
    timed_out = False
    try:
        p._raw_get_command_output(shell_id, command_id)
    except WinRMOperationTimeoutError:
        timed_out = True
    p.cleanup_command(shell_id, command_id)
    p.close_shell(shell_id)
    return {'timedOut': timed_out}


def scenario_run_ps():
    session = winrm.Session(os.environ['WSMAN_URL'], auth=(os.environ['WSMAN_USER'], os.environ['WSMAN_PASSWORD']),
                            transport='basic')
    response = session.run_ps("Get-Service 'MSExchangeFrontEndTransport'")
    return {'stdout': response.std_out.hex(), 'stderr': response.std_err.hex(), 'exitCode': response.status_code}


def run_ps(p, shell_id, script):
    """PowerShell as run_ps sends it, with CLIXML stripped from stderr here: Debian's pywinrm 0.3.0
    run_ps raises a TypeError on Python 3 whenever stderr is not empty."""
    encoded = base64.b64encode(script.encode('utf_16_le')).decode('ascii')
    command_id = p.run_command(shell_id, 'powershell -encodedcommand {0}'.format(encoded))
    stdout, stderr, code = p.get_command_output(shell_id, command_id)
    p.cleanup_command(shell_id, command_id)
    return {'stdout': stdout.decode('cp437'), 'stderr': clixml_text(stderr.decode('cp437')), 'exitCode': code}


def clixml_text(stderr):
    if not stderr.startswith('#< CLIXML'):
        return stderr
    lines = re.findall(r'<S S="Error">(.*?)</S>', stderr, re.S)
    text = ''.join(lines).replace('_x000D_', '\r').replace('_x000A_', '\n')
    return text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&apos;', "'").replace('&amp;', '&')


def admin(method, path):
    request = urllib.request.Request(os.environ['ADMIN_URL'] + path, method=method, data=b'' if method == 'POST' else None)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read().decode('utf-8'))


READ_SSL_FLAGS = """$v = Get-WebConfigurationProperty -PSPath 'IIS:\\' -Location $env:LOCATION -Filter 'system.webServer/security/access' -Name 'sslFlags'
if ($v -is [string]) { $v } else { $v.Value }"""

SET_OUTLOOK_ANYWHERE = """$ErrorActionPreference = 'Stop'
$secure = ConvertTo-SecureString $env:EXCHANGE_PASSWORD -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential($env:USERNAME, $secure)
$session = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://$($env:COMPUTERNAME).contoso.local/PowerShell/" -Authentication Kerberos -Credential $credential
try {
    Import-PSSession $session -DisableNameChecking | Out-Null
    Set-OutlookAnywhere -Identity "$($env:COMPUTERNAME)\\Rpc (Default Web Site)" {0}
} finally {
    Remove-PSSession $session
}"""


def read_ssl_flags(p, shell_id, location):
    return run_ps(p, shell_id, "$env:LOCATION = '{0}'\n{1}".format(location, READ_SSL_FLAGS))


def scenario_cas_ssl_flags():
    p = protocol()
    shell_id = p.open_shell()
    result = {
        'cmd': run(p, shell_id, 'echo %COMPUTERNAME%'),
        'before': read_ssl_flags(p, shell_id, 'Default Web Site/owa'),
        'write': run_ps(p, shell_id, "Set-WebConfigurationProperty -PSPath 'IIS:\\' -Location 'Default Web Site/owa' "
                                      "-Filter 'system.webServer/security/access' -Name 'sslFlags' -Value 'None'"),
        'after': read_ssl_flags(p, shell_id, 'Default Web Site/owa'),
        'notACmdlet': run_ps(p, shell_id, 'Get-Frobnicator'),
    }
    p.close_shell(shell_id)
    return result


def scenario_cas_outlook_anywhere():
    p = protocol()
    # pywinrm 0.3.0 open_shell keeps only the last of several env_vars: pass just the password and
    # take the account from the shell's own logon (%USERNAME%), which is the same one
    shell_id = p.open_shell(env_vars={'EXCHANGE_PASSWORD': os.environ['WSMAN_PASSWORD']})
    valid = SET_OUTLOOK_ANYWHERE.replace('{0}', '-SSLOffloading $false')
    invalid = SET_OUTLOOK_ANYWHERE.replace('{0}', "-ExternalHostname 'mail.fabrikam.com'")
    result = {
        'invalid': run_ps(p, shell_id, invalid),
        'valid': run_ps(p, shell_id, valid),
        'rpcBefore': read_ssl_flags(p, shell_id, 'Default Web Site/Rpc'),
        'clock': admin('POST', '/clock/advance?minutes=16'),
        'rpcAfter': read_ssl_flags(p, shell_id, 'Default Web Site/Rpc'),
    }
    p.close_shell(shell_id)
    return result


def scenario_cas_timeout_retry():
    p = protocol(operation_timeout_sec=1, read_timeout_sec=5)
    shell_id = p.open_shell()
    result = run_ps(p, shell_id, "'finished'")
    p.close_shell(shell_id)
    return result


IDENTIFY = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd">'
            '<s:Header/><s:Body><wsmid:Identify/></s:Body></s:Envelope>')


def identify_unauthenticated():
    """What a load balancer's WinRM probe or Test-WSMan sends: no credentials, WSMANIDENTIFY header."""
    request = urllib.request.Request(os.environ['WSMAN_URL'], data=IDENTIFY.encode('utf-8'), method='POST', headers={
        'Content-Type': 'application/soap+xml;charset=UTF-8', 'WSMANIDENTIFY': 'unauthenticated'})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as response:
        return {'status': response.status, 'body': response.read().decode('utf-8')}


def outcome(p, shell_id):
    try:
        run(p, shell_id, 'hostname')
        return None
    except Exception as e:
        return {'error': type(e).__name__, 'message': str(e)}


def scenario_cas_fidelity():
    """Run with --shell-idle-timeout 90s: a shell asking for PT60S gets it, one asking nothing gets 90 s."""
    p = protocol()
    short_shell = p.open_shell(idle_timeout='PT60S')
    default_shell = p.open_shell()
    result = {
        'identify': identify_unauthenticated(),
        'hostname': run(p, short_shell, 'hostname'),
        'whoami': run(p, short_shell, 'whoami'),
        'table': run_ps(p, default_shell, 'Get-Service W3SVC, WAS | Format-Table'),
        'clock': admin('POST', '/clock/advance?seconds=61'),
    }
    result['shortAfter61s'] = outcome(p, short_shell)
    result['defaultAfter61s'] = outcome(p, default_shell)
    admin('POST', '/clock/advance?seconds=91')
    result['defaultAfter91sIdle'] = outcome(p, default_shell)
    return result


def scenario_ntlm():
    """transport='ntlm' over http: pywinrm authenticates the connection, then seals every message."""
    p = protocol(transport='ntlm')
    shell_id = p.open_shell()
    result = run(p, shell_id, 'echo sealed by pywinrm')
    p.close_shell(shell_id)
    return result


def scenario_ntlm_bad_password():
    p = protocol(transport='ntlm', password='wrong-password')
    try:
        p.open_shell()
    except InvalidCredentialsError as e:
        return {'error': type(e).__name__}
    return {'error': None}


def scenario_ntlm_unencrypted():
    p = protocol(transport='ntlm', message_encryption='never')
    try:
        p.open_shell()
    except WinRMTransportError as e:
        return {'status': e.args[1], 'fault': str(e.args[2])}
    except WinRMError as e:
        # pywinrm reads the WS-Management fault of a 500 and raises it with its data
        return {'status': e.args[0].split('http_status_code\': ')[1].split(',')[0] if 'http_status_code' in e.args[0] else None,
                'fault': e.args[0]}
    return {'status': 200}


def ntlm_handshake(session, context):
    """NEGOTIATE, then AUTHENTICATE for the CHALLENGE, on one connection; the AUTHENTICATE message and both answers."""
    url = os.environ['WSMAN_URL']
    first = session.post(url, data=b'', headers={'Authorization': 'Negotiate ' + base64.b64encode(context.step()).decode()})
    challenge = first.headers.get('WWW-Authenticate', '')
    if not challenge.startswith('Negotiate ') or first.status_code != 401:
        return None, first.status_code, None
    authenticate = context.step(base64.b64decode(challenge.split(' ', 1)[1]))
    second = session.post(url, data=b'', headers={'Authorization': 'Negotiate ' + base64.b64encode(authenticate).decode()})
    return authenticate, first.status_code, second.status_code


def raw_session():
    import requests
    session = requests.Session()
    session.trust_env = False
    return session


def scenario_ntlm_replay():
    """An AUTHENTICATE message sent again, on its own connection and on a new one, is refused."""
    from ntlm_auth.ntlm import NtlmContext
    url = os.environ['WSMAN_URL']
    session = raw_session()
    authenticate, first, second = ntlm_handshake(session, NtlmContext(os.environ['WSMAN_USER'], os.environ['WSMAN_PASSWORD'], domain=''))
    header = {'Authorization': 'Negotiate ' + base64.b64encode(authenticate).decode()}
    same_connection = session.post(url, data=b'', headers=header).status_code
    other = raw_session()
    other.post(url, data=b'', headers={'Authorization': 'Negotiate ' + base64.b64encode(
        NtlmContext(os.environ['WSMAN_USER'], os.environ['WSMAN_PASSWORD'], domain='').step()).decode()})
    new_connection = other.post(url, data=b'', headers=header).status_code
    return {'handshake': [first, second], 'replayedOnSameConnection': same_connection,
            'replayedAfterNewChallenge': new_connection}


def scenario_ntlm_v1():
    """A client at LmCompatibilityLevel 1 answers with NTLMv1: refused, as at level 5."""
    from ntlm_auth.ntlm import NtlmContext
    _, first, second = ntlm_handshake(raw_session(), NtlmContext(os.environ['WSMAN_USER'], os.environ['WSMAN_PASSWORD'],
                                                                 domain='', ntlm_compatibility=1))
    return {'handshake': [first, second]}


def kerberos_protocol():
    """transport='kerberos' with the ticket cache in KRB5CCNAME, over https (Debian's pykerberos cannot seal
    WinRM messages, so plain http would need AllowUnencrypted)."""
    return winrm.Protocol(os.environ['WSMAN_URL'], transport='kerberos', username=os.environ['WSMAN_USER'],
                          server_cert_validation='validate', ca_trust_path=os.environ['WSMAN_CA'],
                          kerberos_hostname_override=os.environ['WSMAN_KERBEROS_HOST'])


def scenario_kerberos():
    p = kerberos_protocol()
    shell_id = p.open_shell()
    result = run(p, shell_id, 'echo kerberos')
    p.close_shell(shell_id)
    return result


def scenario_kerberos_bad():
    try:
        kerberos_protocol().open_shell()
    except InvalidCredentialsError as e:
        return {'error': type(e).__name__}
    except Exception as e:
        return {'error': type(e).__name__, 'message': str(e)}
    return {'error': None}


SCENARIOS = {
    'kerberos': scenario_kerberos,
    'kerberos-bad': scenario_kerberos_bad,
    'ntlm': scenario_ntlm,
    'ntlm-bad-password': scenario_ntlm_bad_password,
    'ntlm-unencrypted': scenario_ntlm_unencrypted,
    'ntlm-replay': scenario_ntlm_replay,
    'ntlm-v1': scenario_ntlm_v1,
    'cas-fidelity': scenario_cas_fidelity,
    'cas-ssl-flags': scenario_cas_ssl_flags,
    'cas-outlook-anywhere': scenario_cas_outlook_anywhere,
    'cas-timeout-retry': scenario_cas_timeout_retry,
    'commands': scenario_commands,
    'timeout-retry': scenario_timeout_retry,
    'bad-password': scenario_bad_password,
    'https': scenario_https,
    'signal-hang': scenario_signal_hang,
    'run-ps': scenario_run_ps,
}

if __name__ == '__main__':
    print(json.dumps(SCENARIOS[sys.argv[1]]()))
