"""Drives the simulator's WinRM endpoint with the real pywinrm; prints one JSON object.

Usage: pywinrm_driver.py SCENARIO, with WSMAN_URL, WSMAN_USER, WSMAN_PASSWORD and, for HTTPS,
WSMAN_CA (a PEM file) in the environment. The password never appears on the command line.
"""
import json
import os
import sys

import winrm
from winrm.exceptions import InvalidCredentialsError, WinRMOperationTimeoutError


def protocol(**kwargs):
    options = dict(transport='basic', username=os.environ['WSMAN_USER'], password=os.environ['WSMAN_PASSWORD'])
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


SCENARIOS = {
    'commands': scenario_commands,
    'timeout-retry': scenario_timeout_retry,
    'bad-password': scenario_bad_password,
    'https': scenario_https,
    'signal-hang': scenario_signal_hang,
    'run-ps': scenario_run_ps,
}

if __name__ == '__main__':
    print(json.dumps(SCENARIOS[sys.argv[1]]()))
