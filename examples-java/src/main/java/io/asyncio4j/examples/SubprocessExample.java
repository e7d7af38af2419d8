package io.asyncio4j.examples;

import static io.asyncio4j.Asyncio.*;

import io.asyncio4j.engine.subprocess.ProcessOptions;
import io.asyncio4j.engine.subprocess.Stdio;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/**
 * The subprocess example of the asyncio docs: run a shell command, capture its output, read the exit code.
 * <pre>
 * async def run(cmd):
 *     proc = await asyncio.create_subprocess_shell(
 *         cmd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
 *     stdout, stderr = await proc.communicate()
 *     print(f'[{cmd!r} exited with {proc.returncode}]')
 *     if stdout:
 *         print(f'[stdout]\n{stdout.decode()}')
 *     if stderr:
 *         print(f'[stderr]\n{stderr.decode()}')
 *
 * async def main():
 *     await asyncio.gather(run('ls /zzz'), run('sleep 1; echo "hello"'))
 * </pre>
 */
public final class SubprocessExample {
    static CompletionStage<Void> runCommand(String cmd) {
        ProcessOptions options = new ProcessOptions().stdout(Stdio.PIPE).stderr(Stdio.PIPE);
        return createSubprocessShell(cmd, options).thenCompose(proc -> proc.communicate().thenAccept(out -> {
            System.out.println("['" + cmd + "' exited with " + proc.returncode() + "]");
            if (out.stdout() != null && out.stdout().length > 0) {
                System.out.print("[stdout]\n" + new String(out.stdout(), StandardCharsets.UTF_8));
            }
            if (out.stderr() != null && out.stderr().length > 0) {
                System.out.print("[stderr]\n" + new String(out.stderr(), StandardCharsets.UTF_8));
            }
        }));
    }

    static CompletionStage<Void> main() {
        return gather(() -> runCommand("ls /zzz"), () -> runCommand("sleep 1; echo \"hello\""))
                .thenApply(x -> null);
    }

    public static void main(String[] args) {
        run(() -> main());
    }
}
