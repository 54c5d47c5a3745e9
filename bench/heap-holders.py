#!/usr/bin/env python3
"""What holds a JVM heap: reads an HPROF heap dump and charges every object reachable from the
roots to the field of the nearest object whose class begins with OWNER (a breadth-first walk, so
an object reached by two ways is charged to the shorter), then lists the holders, biggest first,
with the classes they hold.

    bench/heap-holders.py DUMP.hprof [OWNER] [TOP] [--dead]    # OWNER default dev/secaudit, TOP 40

--dead also charges the unreachable objects (what the next full collection frees: in a dump taken
just before one, the old generation's garbage) the same way, from the dead objects no other dead
object references, labelled by their class.

Take the dumps where the heap is sized, before each full collection, e.g.:
    java -Xms64m -XX:+UseSerialGC -XX:+HeapDumpBeforeFullGC -XX:HeapDumpPath=DIR \\
      -Xlog:gc:file=DIR/gc.log -jar target/secaudit.jar report --no-gate --from bench/out/scan-427000.json ...
Sizes are estimates for a 64-bit JVM with compressed references (12-byte headers, 4-byte
references, 8-byte alignment); only the standard library is used.
"""
import collections
import struct
import sys

dead = '--dead' in sys.argv
args = [a for a in sys.argv[1:] if a != '--dead']
path = args[0]
owners = args[1] if len(args) > 1 else 'dev/secaudit'
top = int(args[2]) if len(args) > 2 else 40
data=open(path,'rb').read()
p=data.index(b'\0')+1
idsz=struct.unpack('>I',data[p:p+4])[0]; p+=12
assert idsz==8
U8=struct.Struct('>Q'); U4=struct.Struct('>I'); U2=struct.Struct('>H')
names={}; classname={}
TS={2:8,4:1,5:2,6:4,7:8,8:1,9:2,10:4,11:8}
JS={2:4,4:1,5:2,6:4,7:8,8:1,9:2,10:4,11:8}
classes={}  # id -> (super, instsize, fields[(name,type)], statics[(name,id)])
objs={}     # id -> (classid or typecode, size, refs)  refs: list of (fieldname, id)
roots=[]
end=len(data)
while p<end:
    tag=data[p]; ln=U4.unpack_from(data,p+5)[0]; p+=9; rend=p+ln
    if tag==1:
        names[U8.unpack_from(data,p)[0]]=data[p+8:rend].decode('utf8','replace')
    elif tag==2:
        cid=U8.unpack_from(data,p+4)[0]; nid=U8.unpack_from(data,p+16)[0]; classname[cid]=nid
    elif tag in (0x0c,0x1c):
        q=p
        while q<rend:
            st=data[q]; q+=1
            if st==0xff: roots.append(('unknown',U8.unpack_from(data,q)[0])); q+=8
            elif st==1: roots.append(('jniglobal',U8.unpack_from(data,q)[0])); q+=16
            elif st==2: roots.append(('jnilocal',U8.unpack_from(data,q)[0])); q+=16
            elif st==3: roots.append(('frame',U8.unpack_from(data,q)[0])); q+=16
            elif st==4: roots.append(('native',U8.unpack_from(data,q)[0])); q+=12
            elif st==5: roots.append(('sticky',U8.unpack_from(data,q)[0])); q+=8
            elif st==6: roots.append(('threadblock',U8.unpack_from(data,q)[0])); q+=12
            elif st==7: roots.append(('monitor',U8.unpack_from(data,q)[0])); q+=8
            elif st==8: roots.append(('thread',U8.unpack_from(data,q)[0])); q+=16
            elif st==0x20:
                cid=U8.unpack_from(data,q)[0]; sup=U8.unpack_from(data,q+12)[0]
                isz=U4.unpack_from(data,q+60)[0]; q+=64
                n=U2.unpack_from(data,q)[0]; q+=2
                for _ in range(n):
                    t=data[q+2]; q+=3+TS[t]
                n=U2.unpack_from(data,q)[0]; q+=2; statics=[]
                for _ in range(n):
                    nm=U8.unpack_from(data,q)[0]; t=data[q+8]; q+=9
                    if t==2: statics.append((nm,U8.unpack_from(data,q)[0]))
                    q+=TS[t]
                n=U2.unpack_from(data,q)[0]; q+=2; fields=[]
                for _ in range(n):
                    nm=U8.unpack_from(data,q)[0]; t=data[q+8]; q+=9; fields.append((nm,t))
                classes[cid]=(sup,isz,fields,statics)
            elif st==0x21:
                oid=U8.unpack_from(data,q)[0]; cid=U8.unpack_from(data,q+12)[0]; nb=U4.unpack_from(data,q+20)[0]; q+=24
                objs[oid]=('i',cid,q,nb); q+=nb
            elif st==0x22:
                oid=U8.unpack_from(data,q)[0]; n=U4.unpack_from(data,q+12)[0]; acid=U8.unpack_from(data,q+16)[0]; q+=24
                objs[oid]=('a',acid,q,n); q+=8*n
            elif st==0x23:
                oid=U8.unpack_from(data,q)[0]; n=U4.unpack_from(data,q+12)[0]; t=data[q+16]; q+=17
                objs[oid]=('p',t,q,n); q+=TS[t]*n
            else: raise Exception('subtag %x'%st)
    p=rend
def cname(cid): return names.get(classname.get(cid),'?%x'%cid)
layout={}
def fieldsof(cid):
    if cid in layout: return layout[cid]
    out=[]; c=cid
    while c and c in classes:
        out.extend(classes[c][2]); c=classes[c][0]
    layout[cid]=out; return out
PN={4:'boolean[]',5:'char[]',6:'float[]',7:'double[]',8:'byte[]',9:'short[]',10:'int[]',11:'long[]'}
def al(x): return (x+7)//8*8
def info(oid):
    o=objs[oid]
    if o[0]=='i':
        fl=fieldsof(o[1]); sz=12; refs=[]; q=o[2]
        for nm,t in fl:
            if t==2:
                r=U8.unpack_from(data,q)[0]
                if r: refs.append((nm,r))
            sz+=JS[t]; q+=TS[t]
        return cname(o[1]), al(sz), refs
    if o[0]=='a':
        n=o[3]; refs=[(None,U8.unpack_from(data,o[2]+8*i)[0]) for i in range(n)]
        return cname(o[1]), al(16+4*n), [r for r in refs if r[1]]
    return PN[o[1]], al(16+JS[o[1]]*o[3]), []
# BFS
label={}
dq=collections.deque()
for cid,(sup,isz,fl,st) in classes.items():
    cn=cname(cid)
    for nm,r in st:
        if r in objs and r not in label:
            lab=('static '+cn+'.'+names.get(nm,'?')) ; label[r]=lab; dq.append(r)
for kind,r in roots:
    if r in objs and r not in label: label[r]='root:'+kind; dq.append(r)
def charge(dq, prefix=''):
    """Walks from the queued (labelled) objects, charging each to its label; returns the sums."""
    bylab=collections.Counter(); bycls=collections.defaultdict(collections.Counter)
    while dq:
        o=dq.popleft(); cn,sz,refs=info(o); lab=label[o]
        bylab[lab]+=sz; bycls[lab][cn]+=sz
        own = cn.startswith(owners)
        for nm,r in refs:
            if r in objs and r not in label:
                label[r]= (prefix+cn.split('/')[-1]+'.'+names.get(nm,'[]')) if own else lab
                dq.append(r)
    return bylab, bycls
def listing(bylab, bycls):
    for lab,sz in bylab.most_common(top):
        cl=', '.join('%s %.2f'%(c.split('/')[-1],s/1e6) for c,s in bycls[lab].most_common(4))
        print('%7.2f MB  %-55s %s'%(sz/1e6,lab,cl))
bylab, bycls = charge(dq)
print('total reachable %.1f MB, objects %d'%(sum(bylab.values())/1e6,len(label)))
listing(bylab, bycls)
if dead:
    held=set()
    for o in objs:
        if o not in label:
            for nm,r in info(o)[2]:
                held.add(r)
    dq=collections.deque()
    for o in objs:
        if o not in label and o not in held:
            label[o]='dead '+info(o)[0].split('/')[-1]; dq.append(o)
    dlab, dcls = charge(dq, 'dead ')
    print('total unreachable %.1f MB'%(sum(dlab.values())/1e6))
    listing(dlab, dcls)
