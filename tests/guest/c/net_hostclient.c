#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
/* A TCP client for tests/net/host-net.test.ts (sysgate run --net host): connect to ARGV[1]:ARGV[2],
 * send a line, half-close, print what comes back. Without arguments (the differential suite) it
 * only says so. */
int main(int argc,char**argv){
  if (argc < 3) { printf("no server given\n"); return 0; }
  int s=socket(AF_INET,SOCK_STREAM,0);
  struct sockaddr_in a={0}; a.sin_family=AF_INET; a.sin_port=htons(atoi(argv[2])); inet_pton(AF_INET,argv[1],&a.sin_addr);
  int r=connect(s,(void*)&a,sizeof a); printf("connect %d %s\n",r,r?strerror(errno):"");
  if(r) return 1;
  struct sockaddr_in l; socklen_t ll=sizeof l; getsockname(s,(void*)&l,&ll); printf("local set %d\n", l.sin_addr.s_addr!=0);
  write(s,"hello host\n",11); shutdown(s,SHUT_WR);
  char b[100]; int n, tot=0; while((n=read(s,b,sizeof b))>0){fwrite(b,1,n,stdout); tot+=n;}
  printf("eof %d total %d\n",n,tot); return 0;
}
